using MarketAspire.JobHosting.Configuration;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Extraction;

public class SecretLeakTests(SharedServers servers)
{
    private const string Key = "ZX81-SECRET-KEY-7Q4W";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_api_key_never_reaches_logs_traces_objects_or_records()
    {
        // Retries, a quota answer that echoes the key (as Alpha Vantage's does) and a stop: every path that reports.
        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["ApiKey"] = Key,
            ["RequestsPerDay"] = "3",
            ["Faults:IBM"] = "http-500:1",
        }, Ct);
        var settings = await servers.MigratedEnvironmentAsync(Ct);

        settings["MARKET_API_KEY"] = Key;
        settings["MARKET_API_BASE_URL"] = simulator.BaseUrl;
        settings["MARKET_SYMBOLS"] = "AAPL,IBM,MSFT,NVDA";
        settings["MARKET_API_CONCURRENCY"] = "1";
        settings["MARKET_API_REQUESTS_PER_MINUTE"] = "100";
        settings["MARKET_API_REQUESTS_PER_DAY"] = "100";
        settings["MARKET_API_RETRY_BASE_MS"] = "20";
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;

        using var capture = new TelemetryCapture();
        var builder = JobHarness.Builder(settings); // today's partition: no time travel, as a user runs it
        builder.Logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace);
        builder.AddDotEnvSettings().AddServiceDefaults();

        var exit = await builder.RunJobAsync(ExtractorModule.Module, MarketAssets.Graph);

        Assert.Equal(JobExitCodes.Failed, exit); // MSFT and NVDA remain: the daily quota is spent
        var telemetry = capture.All;
        Assert.True(capture.Count > 20, $"only {capture.Count} lines captured");
        Assert.Contains("System.Net.Http", telemetry); // HttpClient activities were seen...
        Assert.Contains("/query?", telemetry);         // ...with their URLs
        Assert.Contains("as *** and our standard API rate limit", telemetry); // the echo was masked, not dropped
        Assert.DoesNotContain(Key, telemetry, StringComparison.OrdinalIgnoreCase);

        var stored = new List<string>();
        using var s3 = (await servers.S3).CreateClient();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = settings["S3_BUCKET_NAME"] }, Ct);
        foreach (var obj in listing.S3Objects)
        {
            stored.Add(obj.Key);
            var head = await s3.GetObjectMetadataAsync(settings["S3_BUCKET_NAME"], obj.Key, Ct);
            stored.AddRange(head.Metadata.Keys.Select(k => $"{k}={head.Metadata[k]}"));
            using var body = await s3.GetObjectAsync(settings["S3_BUCKET_NAME"], obj.Key, Ct);
            using var reader = new StreamReader(body.ResponseStream);
            stored.Add(await reader.ReadToEndAsync(Ct));
        }

        stored.Add(await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(m.metadata::text || coalesce(m.error, ''), '\n') || (SELECT string_agg(coalesce(error, ''), '\n') FROM market_meta.runs) FROM market_meta.materializations m", Ct) ?? "");
        Assert.Contains("request-url=", string.Join('\n', stored));
        Assert.Contains("remaining", string.Join('\n', stored));
        Assert.DoesNotContain(Key, string.Join('\n', stored), StringComparison.OrdinalIgnoreCase);
    }
}
