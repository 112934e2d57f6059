using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;
using MarketAspire.Sensor;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.QualityChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketAspire.Tests.Operations;

/// <summary>
/// The sensor against the real PostgreSQL fixture, a fake clock and a real HTTP webhook receiver: no schedule runs, so
/// only the sensor can notice that nothing landed.
/// </summary>
public class FreshnessSensorTests(SharedServers servers)
{
    private static readonly DailyPartition Friday = DailyPartition.Parse("2026-03-06");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_overdue_alert_fires_at_the_deadline_escalates_at_the_error_time_and_clears_when_the_partition_lands()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:00:00Z")); // Friday 18:00 EST
        using var host = SensorHost(settings, clock, receiver.Url);
        var sensor = host.Services.GetRequiredService<FreshnessSensor>();

        await sensor.EvaluateAsync(Ct);
        clock.SetUtcNow(DateTimeOffset.Parse("2026-03-06T23:29:59Z"));
        await sensor.EvaluateAsync(Ct);
        Assert.Equal(0, receiver.Requests);

        clock.SetUtcNow(DateTimeOffset.Parse("2026-03-06T23:30:00Z")); // 18:30 EST
        await sensor.EvaluateAsync(Ct);
        clock.SetUtcNow(DateTimeOffset.Parse("2026-03-06T23:45:00Z"));
        await sensor.EvaluateAsync(Ct); // still overdue: nothing new to say
        clock.SetUtcNow(DateTimeOffset.Parse("2026-03-07T01:00:00Z")); // 20:00 EST
        await sensor.EvaluateAsync(Ct);

        await LandAsync(settings, MarketAssets.FctStockPrices, Friday, DateTimeOffset.Parse("2026-03-07T01:05:00Z"));
        clock.SetUtcNow(DateTimeOffset.Parse("2026-03-07T01:15:00Z"));
        await sensor.EvaluateAsync(Ct);
        await sensor.EvaluateAsync(Ct);

        Assert.Equal(
        [
            "opened WARN asset_overdue:fct_stock_prices:2026-03-06 fct_stock_prices 2026-03-06: overdue since 18:30",
            "escalated ERROR asset_overdue:fct_stock_prices:2026-03-06 fct_stock_prices 2026-03-06: overdue since 18:30, ERROR since 20:00",
            "cleared ERROR asset_overdue:fct_stock_prices:2026-03-06 fct_stock_prices 2026-03-06: overdue since 18:30, ERROR since 20:00",
        ], receiver.Bodies.Select(b => b.GetProperty("alerts")[0]).Select(a =>
            $"{a.GetProperty("change")} {a.GetProperty("severity")} {a.GetProperty("key")} {a.GetProperty("summary")}"));
        Assert.Equal("2026-03-06T18:30:00-05:00", receiver.Bodies[0].GetProperty("alerts")[0].GetProperty("details").GetProperty("overdue_since").GetString());

        Assert.Equal("warn,warn,error,ok,ok", await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(freshness, ',' ORDER BY evaluated_at) FROM market_meta.sensor_evaluations WHERE asset = 'fct_stock_prices' AND partition_date = '2026-03-06'", Ct));
        Assert.Equal("cleared", await JobHarness.ScalarAsync<string>(settings, "SELECT alert_state FROM market_meta.alerts", Ct));
    }

    [Fact]
    public async Task A_failed_ERROR_check_of_a_quality_run_delivers_one_webhook_with_the_check_the_partition_and_the_offending_rows()
    {
        // A loaded partition whose vendor delivered one bar with a negative low (staged as delivered, so staging and the
        // fact table agree); the real quality job fails its ERROR check validity on it.
        var quality = await QualityHarness.StartAsync(servers);
        await quality.SeedCleanAsync("2026-11-25");
        await quality.ExecuteAsync(
            "UPDATE market_data.stg_stock_prices SET low = -1 WHERE symbol = 'IBM' AND price_date = '2026-11-24';" +
            "UPDATE market_data.fct_stock_prices SET low = -1 WHERE symbol = 'IBM' AND price_date = '2026-11-24'");
        Assert.Equal(JobExitCodes.Failed, await quality.RunAsync("2026-11-25"));

        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T22:00:00Z")); // 17:00 New York: no deadline has come
        using var host = SensorHost(quality.Settings, clock, receiver.Url);
        var sensor = host.Services.GetRequiredService<FreshnessSensor>();
        await sensor.EvaluateAsync(Ct);
        await sensor.EvaluateAsync(Ct); // still failing: nothing new to say

        var alert = Assert.Single(Assert.Single(receiver.Bodies).GetProperty("alerts").EnumerateArray());
        Assert.Equal(("check_failed", "opened", "ERROR"),
            (alert.GetProperty("kind").GetString(), alert.GetProperty("change").GetString(), alert.GetProperty("severity").GetString()));
        var details = alert.GetProperty("details");
        Assert.Equal(("validity", "2026-11-25"), (details.GetProperty("check").GetString(), details.GetProperty("partition").GetString()));
        Assert.StartsWith("1 of 90 rows invalid", details.GetProperty("summary").GetString());
        var offending = Assert.Single(details.GetProperty("offending").EnumerateArray()).GetString()!;
        Assert.StartsWith("IBM 2026-11-24: ", offending);
        Assert.Contains("low -1", offending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sensor_and_the_catalogs_grid_judge_the_same_trading_days_overdue_by_the_lookback_setting()
    {
        // Seven trading days back from Friday 2026-03-13 19:40 New York, nothing landed: the default five would leave
        // 2026-03-05 and 2026-03-06 out; the setting of seven puts them in, for the sensor and the grid alike.
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-13T23:40:00Z"));
        using var host = SensorHost(settings, clock, receiver.Url, lookbackTradingDays: 7);
        await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);
        string[] expected = ["2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"];

        Assert.Equal(string.Join(',', expected), await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(partition_date::text, ',' ORDER BY partition_date) FROM market_meta.sensor_evaluations WHERE asset = 'fct_stock_prices' AND freshness <> 'ok'", Ct));

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        var catalogSettings = MarketAspire.Catalog.CatalogSettings.From(new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MARKET_DB_PASSWORD_CATALOG"] = "unused" })
            .Build());
        var reader = new MarketAspire.Catalog.Data.CatalogReader(db.DataSource, new MetaStore(db.DataSource, db.Dialect), MarketAssets.Graph, clock, catalogSettings);
        var grid = await reader.GridAsync(DailyPartition.TradingDays(DailyPartition.Parse("2026-03-02"), DailyPartition.Parse("2026-03-13")), Ct);
        Assert.Equal(expected, grid.Partitions.Where(p => grid[MarketAssets.FctStockPrices, p].State == "overdue").Select(p => p.Key));

        // The Orchestrator's status reads the same setting the same way.
        var status = await StatusReader.ReadAsync(new MetaStore(db.DataSource, db.Dialect), MarketAssets.Graph, grid.Partitions, Ct,
            FreshnessLookbackSetting.At(configuration, clock.GetUtcNow()));
        Assert.Equal(expected, status.Partitions.Where(p => status[MarketAssets.FctStockPrices, p].State == PartitionState.Overdue).Select(p => p.Key));

        // The catalog shows the sensor's latest evaluation and its open alerts, read as its own read-only user.
        var page = await CatalogPageAsync(settings, "/operations");
        Assert.Contains("2026-03-13 23:40:00 UTC", page, StringComparison.Ordinal);
        Assert.Equal(expected, System.Text.RegularExpressions.Regex.Matches(page,
            "data-asset=\"fct_stock_prices\" data-partition=\"([0-9-]+)\" data-freshness=\"(?:warn|error)\"").Select(m => m.Groups[1].Value));
        var openAlerts = await JobHarness.ScalarAsync<long>(settings, "SELECT count(*) FROM market_meta.alerts WHERE alert_state = 'open'", Ct);
        Assert.True(openAlerts > 0);
        Assert.Equal(openAlerts, System.Text.RegularExpressions.Regex.Matches(page, "data-alert-key=").Count);
    }

    private static async Task<string> CatalogPageAsync(IDictionary<string, string?> settings, string path)
    {
        const string Token = "operations-test-token-0123456789abcdef";
        await JobHarness.EnsureCatalogUserAsync(settings, Ct);

        await using var catalog = await MarketAspire.Tests.Catalog.CatalogProcess.StartAsync(new Dictionary<string, string?>(settings)
        {
            ["REDSHIFT_PASSWORD"] = null, ["MARKET_DB_PASSWORD_CATALOG"] = JobHarness.CatalogPassword, ["MARKET_CATALOG_TOKEN"] = Token,
        }, Ct);
        using var client = catalog.Client();
        client.DefaultRequestHeaders.Add("Cookie", $"{MarketAspire.Catalog.Security.AccessToken.CookieName}={MarketAspire.Catalog.Security.AccessToken.CookieValue(Token)}");
        using var response = await client.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, body);
        return body;
    }

    [Fact]
    public async Task A_destination_that_stays_down_ends_in_a_dead_letter_after_bounded_retries_and_its_secret_is_never_logged()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var down = new WebhookReceiver(down: true);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:40:00Z"));
        using var host = SensorHost(settings, clock, down.Url);

        var report = await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);

        Assert.Equal((1, 1), (report.Opened, report.DeadLetters));
        Assert.Equal(3, down.Requests);
        Assert.Equal("webhook 127.0.0.1|3|AlertDeliveryException: webhook 127.0.0.1 answered HTTP 503|asset_overdue:fct_stock_prices:2026-03-06",
            await JobHarness.ScalarAsync<string>(settings,
                "SELECT concat_ws('|', destination, attempts, last_error, payload->'alerts'->0->>'key') FROM market_meta.alert_dead_letters", Ct));
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Error && r.Message.Contains("dead letter", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains("SECRET", StringComparison.OrdinalIgnoreCase) || (r.Exception?.ToString().Contains("SECRET", StringComparison.OrdinalIgnoreCase) ?? false));
        Assert.Equal(0L, await JobHarness.ScalarAsync<long>(settings,
            "SELECT count(*) FROM market_meta.alert_dead_letters WHERE payload::text ILIKE '%secret%' OR last_error ILIKE '%secret%'", Ct));
    }

    [Fact]
    public async Task A_storm_of_500_overdue_partitions_is_one_message_with_the_count_and_the_first_five()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:40:00Z"));
        using var host = SensorHost(settings, clock, receiver.Url, lookbackTradingDays: 500);

        var report = await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);

        Assert.Equal((500, 500, 1), (report.Overdue, report.Opened, report.Messages));
        var body = Assert.Single(receiver.Bodies);
        Assert.Equal(500, body.GetProperty("total").GetInt32());
        Assert.Equal("500 asset_overdue opened", body.GetProperty("breakdown").GetString());
        Assert.Equal(5, body.GetProperty("alerts").GetArrayLength());
        Assert.Equal(500L, await JobHarness.ScalarAsync<long>(settings, "SELECT count(*) FROM market_meta.alerts WHERE alert_state = 'open'", Ct));
    }

    [Fact]
    public async Task Thanksgiving_the_early_close_after_it_and_the_weekend_never_alert_when_each_trading_day_lands_after_the_1730_run()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T17:00:00Z")); // Wednesday 12:00 EST
        using var host = SensorHost(settings, clock, receiver.Url);
        var sensor = host.Services.GetRequiredService<FreshnessSensor>();
        var landed = new HashSet<DailyPartition>();

        for (; clock.GetUtcNow() <= DateTimeOffset.Parse("2026-12-01T04:00:00Z"); clock.Advance(TimeSpan.FromMinutes(30)))
        {
            var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), DailyPartition.MarketTimeZone);
            var today = DailyPartition.Of(clock.GetUtcNow());
            if (NyseCalendar.IsTradingDay(today.Date) && local.TimeOfDay >= new TimeSpan(17, 45, 0) && landed.Add(today))
            {
                await LandAsync(settings, MarketAssets.FctStockPrices, today, clock.GetUtcNow());
            }

            await sensor.EvaluateAsync(Ct);
        }

        Assert.Equal(["2026-11-25", "2026-11-27", "2026-11-30"], landed.Select(p => p.Key));
        Assert.Equal(0, receiver.Requests);
        Assert.Equal("2026-11-25,2026-11-27,2026-11-30", await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(DISTINCT partition_date::text, ',') FROM market_meta.sensor_evaluations", Ct));
    }

    [Fact]
    public async Task A_run_whose_process_died_is_alerted_as_abandoned_though_no_other_job_runs()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:40:00Z"));
        using var host = SensorHost(settings, clock, receiver.Url);
        var job = MarketAssets.Graph.Services[0].Name;
        await using (var db = await JobHarness.OpenWarehouseAsync(settings))
        {
            await new MetaStore(db.DataSource, db.Dialect).StartRunAsync("run-crashed", job, "all", "2026-03-06", clock.GetUtcNow().AddMinutes(-10), Ct);
        }

        await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);

        var alert = Assert.Single(receiver.Bodies.Select(b => b.GetProperty("alerts")[0]), a => a.GetProperty("kind").GetString() == "run_abandoned");
        Assert.Equal($"run_abandoned:{job}", alert.GetProperty("key").GetString());
        Assert.Equal("run-crashed", alert.GetProperty("details").GetProperty("run_id").GetString());
        Assert.Equal("failed", await JobHarness.ScalarAsync<string>(settings, "SELECT status FROM market_meta.runs WHERE run_id = 'run-crashed'", Ct));
    }

    [Fact]
    public async Task A_long_multibyte_run_error_is_stored_within_the_columns_byte_lengths()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:40:00Z"));
        using var host = SensorHost(settings, clock, receiver.Url);
        var job = MarketAssets.Graph.Services[0].Name;
        await using (var db = await JobHarness.OpenWarehouseAsync(settings))
        {
            var meta = new MetaStore(db.DataSource, db.Dialect);
            await meta.StartRunAsync("run-long", job, "all", "2026-03-06", clock.GetUtcNow().AddMinutes(-10), Ct);
            await meta.FinishRunAsync("run-long", RunStatus.Failed, "Überlastung – " + new string('é', 3000), clock.GetUtcNow().AddMinutes(-9), Ct);
        }

        await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);

        // Redshift's VARCHAR(n) counts bytes: runs.error is VARCHAR(4096), alerts.summary VARCHAR(1024).
        Assert.InRange(await JobHarness.ScalarAsync<int>(settings, "SELECT octet_length(error) FROM market_meta.runs WHERE run_id = 'run-long'", Ct), 3990, 4000);
        Assert.InRange(await JobHarness.ScalarAsync<int>(settings, $"SELECT octet_length(summary) FROM market_meta.alerts WHERE alert_key = 'run_failed:{job}'", Ct), 1020, 1024);
    }

    [Fact]
    public async Task A_failed_rerun_of_a_landed_partition_is_not_overdue_and_evaluations_older_than_the_retention_are_deleted()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var receiver = new WebhookReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:40:00Z"));
        using var host = SensorHost(settings, clock, receiver.Url);
        await LandAsync(settings, MarketAssets.FctStockPrices, Friday, DateTimeOffset.Parse("2026-03-06T22:40:00Z"));
        await using (var db = await JobHarness.OpenWarehouseAsync(settings))
        {
            await new MetaStore(db.DataSource, db.Dialect).RecordMaterializationAsync(new MaterializationRecord(
                "run-rerun", MarketAssets.FctStockPrices, Friday, RunStatus.Failed, DateTimeOffset.Parse("2026-03-06T23:20:00Z"), DateTimeOffset.Parse("2026-03-06T23:25:00Z"),
                null, new Dictionary<string, string>(), "1", new Dictionary<string, object?>(), "provider down"), Ct);
            await using var old = db.DataSource.CreateCommand(
                "INSERT INTO market_meta.sensor_evaluations (evaluated_at, asset, partition_date, freshness) VALUES " +
                "('2026-02-04T23:39:00Z', 'fct_stock_prices', '2026-02-04', 'ok'), ('2026-02-04T23:41:00Z', 'fct_stock_prices', '2026-02-04', 'ok')");
            await old.ExecuteNonQueryAsync(Ct);
        }

        var report = await host.Services.GetRequiredService<FreshnessSensor>().EvaluateAsync(Ct);

        Assert.Equal((1, 0, 0), (report.Evaluated, report.Overdue, report.Opened));
        Assert.Equal("2026-02-04 23:41:00+00,2026-03-06 23:40:00+00", await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(to_char(evaluated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00', ',' ORDER BY evaluated_at) FROM market_meta.sensor_evaluations", Ct));
    }

    private static IHost SensorHost(Dictionary<string, string?> settings, FakeTimeProvider clock, Uri webhook, int lookbackTradingDays = 1)
    {
        var builder = JobHarness.Builder(new Dictionary<string, string?>(settings)
        {
            [SettingKeys.AlertWebhookUrl] = webhook.ToString(),
            [SettingKeys.AlertMaxAttempts] = "3",
            [SettingKeys.AlertRetryDelayMs] = "0",
            [SettingKeys.SensorLookbackDays] = lookbackTradingDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Logging.AddFakeLogging();
        builder.AddSensorServices();
        return builder.Build();
    }

    private static async Task LandAsync(Dictionary<string, string?> settings, AssetKey asset, DailyPartition partition, DateTimeOffset at)
    {
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        await new MetaStore(db.DataSource, db.Dialect).RecordMaterializationAsync(new MaterializationRecord(
            $"run-{partition}", asset, partition, RunStatus.Succeeded, at.AddMinutes(-5), at, "v1",
            new Dictionary<string, string>(), "1", new Dictionary<string, object?>(), null), Ct);
    }
}
