using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>The market-API simulator hosted in process on a free port: real HTTP, configured per test.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, string url)
    {
        _app = app;
        BaseUrl = url;
    }

    public string BaseUrl { get; }

    public RequestCounter Counter => _app.Services.GetRequiredService<RequestCounter>();

    public static async Task<SimulatorServer> StartAsync(IDictionary<string, string?> settings, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var app = SimulatorApp.Build(["--urls", url], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create($"Simulator:{kv.Key}", kv.Value)));
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(ct);
        return new SimulatorServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
