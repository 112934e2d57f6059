using MarketAspire.JobHosting.Jobs;
using MarketAspire.Tests.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace MarketAspire.Tests.Platform;

/// <summary>A worker host's last logs reach the OTLP endpoint (the dashboard's) when the host is disposed, as a job's process ends.</summary>
public partial class TelemetryShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_logs_written_just_before_a_worker_host_is_disposed_are_exported()
    {
        await using var otlp = OtlpReceiver.Start();
        var builder = ProcessHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(otlp.ExporterEnvironment);
        builder.Configuration.AddInMemoryCollection(
        [
            // No export on the schedule: only the flush below and the logger provider's final one at disposal.
            KeyValuePair.Create<string, string?>("OTEL_BLRP_SCHEDULE_DELAY", "600000"),
            // What Aspire gives every project resource: a failed export is retried until the provider's shutdown timeout.
            KeyValuePair.Create<string, string?>("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory"),
        ]);
        builder.AddServiceDefaults();
        using (var host = builder.Build())
        {
            await host.StartAsync(Ct);
            var logger = host.Services.GetRequiredService<ILogger<TelemetryShutdownTests>>();
            // An export while the host runs, as in any job longer than the batch delay: the exporter has its HttpClient then.
            Marker(logger, "while-running-marker");
            Assert.True(host.Services.GetRequiredService<LoggerProvider>().ForceFlush());
            Marker(logger, "last-log-marker");
            await host.StopAsync(Ct);
        }

        Assert.Contains("while-running-marker", otlp.Received("/v1/logs"));
        Assert.Contains("last-log-marker", otlp.Received("/v1/logs"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Marker}")]
    private static partial void Marker(ILogger logger, string marker);
}
