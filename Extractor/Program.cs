using MarketAspire.JobHosting.Configuration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor;
using MarketAspire.JobHosting.Jobs;

return await NewBuilder().RunJobAsync(ExtractorModule.Module, MarketAssets.Graph, NewBuilder);

HostApplicationBuilder NewBuilder()
{
    var builder = ProcessHost.CreateBuilder(args);
    builder.AddDotEnvSettings().AddServiceDefaults();
    return builder;
}
