using MarketAspire.AppHost;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AppHost.Orchestration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    builder.Configuration.AddDotEnvFile(builder.AppHostDirectory);
    var settings = LocalStackSettings.From(builder.Configuration, builder.AppHostDirectory);

    var infrastructure = builder.AddLocalInfrastructure(settings);
    var partition = settings.Partition ?? DailyPartition.Latest(TimeProvider.System).Key;
    var marketApi = builder.AddMarketApi(settings);

    var jobs = builder.AddAssetGraphJobs(MarketAssets.Graph, infrastructure, partition, (service, job) =>
    {
        job.WithSymbols(settings);
        if (service.CallsMarketApi)
        {
            job.WithMarketApi(marketApi, settings);
        }
    });

    builder.AddOrchestration(settings, partition, jobs, MarketAssets.Graph);

    await builder.Build().RunAsync();
    return 0;
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
