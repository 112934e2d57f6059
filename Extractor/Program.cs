using MarketAspire.JobHosting.Jobs;
using MarketAspire.Extractor;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddExtractorServices();

return await builder.RunJobAsync<ExtractionJob>();
