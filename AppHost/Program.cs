using MarketAspire.AppHost;
using MarketAspire.AppHost.Catalog;
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

    var machine = await LocalMachine.InspectAsync(settings, CancellationToken.None);

    var infrastructure = builder.AddInfrastructure(settings, machine);
    var partition = settings.Partition ?? DailyPartition.Latest(TimeProvider.System).Key;
    var marketApi = builder.AddMarketApi(settings);
    var operations = OperationsSettings.Add(builder);

    // One way to wire a process to the stack: the warehouse and S3 (password as a parameter), the symbols, the lineage
    // settings, and for what calls the market API its address and key (a secret parameter).
    IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> resource, bool callsMarketApi)
    {
        operations.WireProcess(infrastructure.Wire(resource).WithSymbols(settings));
        return callsMarketApi ? resource.WithMarketApi(marketApi, settings) : resource;
    }

    var services = builder.AddServiceResources(MarketAssets.Graph, infrastructure, partition, (service, resource) => Wire(resource, service.CallsMarketApi));
    builder.AddSensor(MarketAssets.Graph, infrastructure, operations);
    builder.AddOrchestration(settings, partition, services, MarketAssets.Graph, resource => Wire(resource, callsMarketApi: true));
    builder.AddCatalog(settings, MarketAssets.Graph, resource => Wire(resource, callsMarketApi: true));

    await builder.Build().RunAsync();
    return 0;
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
