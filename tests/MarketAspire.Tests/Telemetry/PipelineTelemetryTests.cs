using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Quality;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.QualityChecks;
using MarketAspire.Tests.Warehousing;
using MarketAspire.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MarketAspire.Tests.Telemetry;

/// <summary>Every service shows its work: a span per materialization and per check evaluation, and its own meter.</summary>
public class PipelineTelemetryTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_check_evaluation_is_a_span_and_a_measurement_tagged_with_its_check()
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync("2026-11-25");
        await harness.ExecuteAsync("UPDATE market_data.fct_stock_prices SET volume = 0 WHERE symbol = 'AAPL' AND price_date = '2026-11-20'");
        await harness.ExecuteAsync("UPDATE market_data.stg_stock_prices SET volume = 0 WHERE symbol = 'AAPL' AND price_date = '2026-11-20'");
        using var spans = new SpanRecorder(QualityMetrics.Name);
        MetricCollector<long>? evaluations = null;

        await harness.RunAsync("2026-11-25", configure: services =>
            evaluations = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), QualityMetrics.Name, "marketaspire.checks.evaluations"));

        var runId = Assert.Single(await JobHarness.RunsAsync(harness.Settings, Ct)).RunId;
        var mine = spans.OfRun(runId);
        Assert.Equal(MarketChecks.All.Select(c => $"check {c.Name}").Order(), mine.Select(s => s.DisplayName).Order());
        var zeroVolume = mine.Single(s => s.DisplayName == "check zero_volume");
        Assert.Equal(("zero_volume", "fct_stock_prices", "2026-11-25", false),
            (zeroVolume.GetTagItem("marketaspire.check"), zeroVolume.GetTagItem("marketaspire.asset"), zeroVolume.GetTagItem("marketaspire.partition"), zeroVolume.GetTagItem("marketaspire.check.passed")));
        Assert.Equal(ActivityStatusCode.Unset, zeroVolume.Status); // a WARN is recorded, not an error

        var measured = evaluations!.GetMeasurementSnapshot();
        Assert.Equal(MarketChecks.All.Count, measured.Count);
        var failed = Assert.Single(measured, m => m.Tags["passed"] is false);
        Assert.Equal(("zero_volume", "warn"), (failed.Tags["check"], failed.Tags["severity"]));
    }

    [Fact]
    public async Task A_load_is_a_span_per_asset_and_counts_its_rows()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 20, "IBM", "MSFT");
        using var spans = new SpanRecorder(WarehouseMetrics.Name);
        MetricCollector<long>? staged = null, rejected = null, loaded = null;

        await harness.RunJobAsync("2026-11-25", services =>
        {
            var meters = services.GetRequiredService<IMeterFactory>();
            staged = new MetricCollector<long>(meters, WarehouseMetrics.Name, "marketaspire.rows.staged");
            rejected = new MetricCollector<long>(meters, WarehouseMetrics.Name, "marketaspire.rows.rejected");
            loaded = new MetricCollector<long>(meters, WarehouseMetrics.Name, "marketaspire.rows.loaded");
        });

        var run = Assert.Single(await JobHarness.RunsAsync(harness.Settings, Ct));
        var runId = run.RunId;

        // The run records the trace its spans belong to: the catalog links a run to that trace in the dashboard.
        Assert.Matches("^[0-9a-f]{32}$", run.TraceId);
        Assert.All(spans.OfRun(runId), s => Assert.Equal(run.TraceId, s.TraceId.ToHexString()));
        Assert.Equal(
            ["materialize staged_stock_prices", "materialize stg_stock_prices", "materialize fct_stock_prices", "materialize fct_splits", "materialize fct_dividends", "materialize curated_stock_prices", "materialize dim_securities"],
            spans.OfRun(runId).Select(s => s.DisplayName));
        Assert.All(spans.OfRun(runId), s => Assert.Equal("2026-11-25", s.GetTagItem("marketaspire.partition")));
        Assert.Equal((40L, 0L, 40L), (staged!.LastMeasurement!.Value, rejected!.LastMeasurement!.Value, loaded!.LastMeasurement!.Value));
    }

    [Fact]
    public void Api_responses_are_counted_by_outcome_and_quota_messages_apart()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var responses = new MetricCollector<long>(meters, ExtractorMetrics.Name, "marketaspire.api.responses");
        using var quota = new MetricCollector<long>(meters, ExtractorMetrics.Name, "marketaspire.api.quota_responses");
        var metrics = new ExtractorMetrics(meters);

        metrics.Responded(ApiOutcome.Series);
        metrics.Responded(ApiOutcome.RateLimited);
        metrics.Responded(ApiOutcome.DailyQuotaSpent);
        metrics.Responded(ApiOutcome.ClientLimitReached); // held back by the client: no request reached the API

        Assert.Equal(["Series", "RateLimited", "DailyQuotaSpent"], responses.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
        Assert.Equal(["RateLimited", "DailyQuotaSpent"], quota.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
    }
}
