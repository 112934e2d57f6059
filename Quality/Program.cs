using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Quality;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();

return await builder.RunJobAsync(QualityModule.Module, MarketAssets.Graph);
