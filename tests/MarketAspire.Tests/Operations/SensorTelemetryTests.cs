using System.Collections.Concurrent;
using System.Diagnostics;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Sensor;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MarketAspire.Tests.Operations;

/// <summary>What the sensor's host exports as traces: its own instrumentation, read where the exporter reads it.</summary>
[Collection(AloneCollection.Name)]
public class SensorTelemetryTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_webhooks_secret_path_reaches_no_exported_span()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var exported = new ConcurrentQueue<string>();
        var builder = JobHarness.Builder(new Dictionary<string, string?>(settings)
        {
            [SettingKeys.AlertWebhookUrl] = receiver.Url.ToString(),
            [SettingKeys.AlertMaxAttempts] = "1",
            [SettingKeys.SensorLookbackDays] = "1",
        });
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:40:00Z")));
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Recorder(exported)));
        builder.AddSensorServices();
        using var host = builder.Build();
        await host.StartAsync(Ct);

        await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);
        await host.StopAsync(Ct);

        Assert.Equal(1, receiver.Requests);
        Assert.Contains(exported, s => s.StartsWith("Npgsql", StringComparison.Ordinal)); // the exporter sees the sensor's spans
        Assert.DoesNotContain(exported, s => s.Contains("SECRET", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Recorder(ConcurrentQueue<string> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) =>
            spans.Enqueue($"{data.Source.Name} {data.DisplayName} " + string.Join(' ', data.TagObjects.Select(t => $"{t.Key}={t.Value}")));
    }
}
