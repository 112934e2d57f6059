using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.MarketApiSimulator;

public static class SimulatorApp
{
    /// <summary>Builds the simulator; tests host it in process on a free port with real HTTP.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddDotEnvSettings().AddBasicServiceDefaults();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RequestCounter>();
        builder.Services.AddSingleton<FaultBook>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/query", QueryEndpoint.HandleAsync);
        app.MapGet("/simulator/stats", (RequestCounter counter) => new { counter.QuotaResponses });
        return app;
    }
}
