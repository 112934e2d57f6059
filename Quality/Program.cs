using MarketAspire.JobHosting.Jobs;
using MarketAspire.Quality;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddQualityServices();

return await builder.RunJobAsync<QualityJob>();
