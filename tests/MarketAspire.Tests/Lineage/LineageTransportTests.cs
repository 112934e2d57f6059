using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MarketAspire.Tests.Lineage;

/// <summary>The transports against real receivers: an HTTP server on loopback standing for Marquez, and the S3 emulator.</summary>
public class LineageTransportTests(SharedServers servers)
{
    private const string ApiKey = "ol-key-7f3a9c";
    private static readonly AssetKey Root = new("root"), Child = new("child");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // root (a lake prefix) -> child (a warehouse table), one service.
    private static readonly AssetGraphDefinition Graph = new(
        [new ServiceDefinition("maker", "Maker")],
        [
            new AssetDefinition(Root, [], "maker", "the root") { Location = AssetLocation.InLake("made/root/") },
            new AssetDefinition(Child, [Root], "maker", "the child") { Location = AssetLocation.InWarehouse("market_meta", "runs") },
        ],
        []);

    private sealed class Made(AssetKey key, bool throws) : IAsset
    {
        public AssetKey Key => key;

        public Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct) => throws
            ? throw new IOException($"{key} lost its server")
            : Task.FromResult(new AssetOutput(key.Name, new { Note = "done" }) { ContentVersion = "content-v" });
    }

    /// <summary>Runs the two assets through the real runner and records with the given lineage settings.</summary>
    private async Task<(JobRunResult Result, MetricCollector<long> Failures, FakeLogCollector Logs, Dictionary<string, string?> Settings)> RunAsync(
        Dictionary<string, string?> lineage, bool childThrows = false)
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        foreach (var (key, value) in lineage)
        {
            settings[key] = value;
        }

        var module = ServiceModule.ForAssets("maker", b =>
        {
            b.Services.AddWarehouseDatabase("maker");
            b.Services.AddScoped<IAsset>(_ => new Made(Root, false));
            b.Services.AddScoped<IAsset>(_ => new Made(Child, childThrows));
        });
        var builder = JobHarness.Builder(settings);
        builder.Services.AddFakeLogging();
        using var host = builder.BuildJobHost(module, Graph);
        var failures = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), LineageMetrics.Name, "marketaspire.lineage.failures");
        await host.StartAsync(Ct);
        var result = await host.Services.GetRequiredService<JobRunner>().ExecuteAsync(DailyPartition.Parse("2026-11-25"), null, null, Ct);
        await host.StopAsync(Ct);
        return (result, failures, host.Services.GetFakeLogCollector(), settings);
    }

    private static Dictionary<string, string?> Http(string url, int timeoutSeconds = 5) => new()
    {
        [SettingKeys.OpenLineageTransport] = "http",
        [SettingKeys.OpenLineageUrl] = url,
        [SettingKeys.OpenLineageApiKey] = ApiKey,
        [SettingKeys.OpenLineageTimeout] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_run_posts_a_START_and_an_end_per_materialization_to_the_receiver_with_the_bearer_key()
    {
        await using var marquez = LineageReceiver.Start();

        var (result, failures, _, settings) = await RunAsync(Http(marquez.Url), childThrows: true);

        Assert.False(result.Succeeded);
        OpenLineageSchemas.AssertValid(marquez.Events);
        var events = marquez.Events.Select(e => JsonNode.Parse(e)!).ToList();
        Assert.Equal(
            [("maker.root", "START"), ("maker.root", "COMPLETE"), ("maker.child", "START"), ("maker.child", "FAIL")],
            events.Select(e => (e["job"]!["name"]!.GetValue<string>(), e["eventType"]!.GetValue<string>())));
        Assert.Equal("IOException: child lost its server", events[3]["run"]!["facets"]!["errorMessage"]!["message"]!.GetValue<string>());
        Assert.Equal("made/root", events[2]["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("content-v", events[1]["outputs"]![0]!["facets"]!["version"]!["datasetVersion"]!.GetValue<string>());
        Assert.Equal($"{settings[SettingKeys.RedshiftDb]}.market_meta.runs", events[3]["outputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal($"postgres://{settings[SettingKeys.RedshiftHost]}:{settings[SettingKeys.RedshiftPort]}", events[3]["outputs"]![0]!["namespace"]!.GetValue<string>());
        Assert.All(marquez.Authorizations, a => Assert.Equal($"Bearer {ApiKey}", a));
        Assert.Empty(failures.GetMeasurementSnapshot());
        var runId = Guid.Parse(result.RunId);
        Assert.All(events, e => Assert.Equal(runId.ToString(), e["run"]!["facets"]!["parent"]!["run"]!["runId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("nobody listens")]
    [InlineData("answers 500")]
    public async Task A_dead_receiver_never_fails_the_run_its_events_are_logged_and_counted_without_the_key(string receiver)
    {
        await using var failing = LineageReceiver.Start(status: 500);
        var url = receiver == "answers 500" ? failing.Url : $"http://127.0.0.1:{FreePort.Next()}{LineageReceiver.Path}?token={ApiKey}";

        var (result, failures, logs, _) = await RunAsync(Http(url));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(4, failures.GetMeasurementSnapshot().Sum(m => m.Value));
        var warnings = logs.GetSnapshot().Where(r => r.Message.Contains("not delivered", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(ApiKey, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_is_given_up_after_the_timeout()
    {
        await using var silent = LineageReceiver.Start(silent: true);
        var settings = LineageSettings.From(new ConfigurationBuilder().AddInMemoryCollection(Http(silent.Url, timeoutSeconds: 1)).Build());
        using var meters = new MeterFactory();
        var failures = new MetricCollector<long>(meters, LineageMetrics.Name, "marketaspire.lineage.failures");
        using var transport = new HttpLineageTransport(settings);
        var logger = new FakeLogger<LineageEmitter>();
        var emitter = new LineageEmitter(settings, transport, new LineageMetrics(meters), logger);
        var run = LineageRunSpec.Materialization(MarketAssets.Graph, MarketAssets.Graph[MarketAssets.RawStockPrices],
            new LineageStores("b", "us-east-1", "h", 5439, "dev", WarehouseDialect.Postgres), "marketaspire", DailyPartition.Parse("2026-11-25"), null);

        await emitter.EmitAsync(LineageEvents.Start(run, DateTimeOffset.UtcNow), Ct);

        Assert.Single(silent.Events);
        Assert.Equal(1, failures.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Contains("no answer within 1 s", logger.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_transport_writes_each_event_as_a_json_line_under_lineage_in_the_lake()
    {
        var (result, failures, _, settings) = await RunAsync(new Dictionary<string, string?> { [SettingKeys.OpenLineageTransport] = "file" });

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(failures.GetMeasurementSnapshot());
        var s3 = await servers.S3;
        using var client = s3.CreateClient();
        var bucket = settings[SettingKeys.BucketName]!;
        var lines = new List<string>();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = MarketAssets.LineagePrefix }, Ct);
        foreach (var item in listed.S3Objects ?? [])
        {
            Assert.Matches(@"^lineage/\d{4}-\d{2}-\d{2}/[0-9a-f-]{36}-(START|COMPLETE)\.jsonl$", item.Key);
            using var body = await client.GetObjectAsync(bucket, item.Key, Ct);
            using var reader = new StreamReader(body.ResponseStream);
            var text = await reader.ReadToEndAsync(Ct);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            lines.Add(Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }

        Assert.Equal(4, lines.Count);
        OpenLineageSchemas.AssertValid(lines);
    }

    private sealed class MeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
