using MarketAspire.JobHosting.Configuration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Quality;

return await NewBuilder().RunJobAsync(QualityModule.Module, MarketAssets.Graph, NewBuilder);

HostApplicationBuilder NewBuilder()
{
    var builder = ProcessHost.CreateBuilder(args);
    builder.AddDotEnvSettings().AddServiceDefaults();
    return builder;
}
