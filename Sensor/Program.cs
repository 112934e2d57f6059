using MarketAspire.JobHosting.Configuration;
using MarketAspire.Sensor;

var builder = Host.CreateApplicationBuilder(args);
builder.AddDotEnvSettings().AddServiceDefaults();
builder.AddSensorServices();
builder.Services.AddHostedService<SensorLoop>();
await builder.Build().RunAsync();
