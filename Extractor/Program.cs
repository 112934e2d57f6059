using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor;
using MarketAspire.JobHosting.Jobs;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();

return await builder.RunJobAsync(ExtractorModule.Module, MarketAssets.Graph);
