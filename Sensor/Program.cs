using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Sensor;

// On Lambda (the deployed stack): one evaluation per invocation. Locally: a long-running loop.
if (LambdaRuntime.Api is { } api)
{
    return await SensorFunction.ServeAsync(api, NewBuilder);
}

var local = NewBuilder();
local.AddSensorServices();
local.Services.AddHostedService<SensorLoop>();
using var host = local.Build();
try
{
    // The settings first, so a bad one is one line naming its key rather than a host's failed start.
    host.Services.GetRequiredService<WarehouseDatabase>();
    await host.StartValidatedAsync(CancellationToken.None);
}
catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return JobExitCodes.NotStarted;
}

await host.WaitForShutdownAsync();
return 0;

HostApplicationBuilder NewBuilder()
{
    var builder = ProcessHost.CreateBuilder(args);
    builder.AddDotEnvSettings().AddServiceDefaults();
    return builder;
}
