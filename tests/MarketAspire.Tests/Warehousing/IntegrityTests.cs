using MarketAspire.JobHosting.Configuration;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Loading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MarketAspire.Tests.Warehousing;

/// <summary>Re-runs, count checks, statistics and bounded statements: the load never leaves stale or unexplained rows.</summary>
public class IntegrityTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rerun_that_stages_fewer_keys_removes_its_stale_rows_and_the_earlier_landing_takes_over()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-20", 100, "IBM", "MSFT");
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-20"));
        // 2026-11-25 restates MSFT's close of 2026-11-18, so that version replaces 2026-11-20's.
        await harness.RestateAsync("2026-11-25", "MSFT", "2026-11-18", 1.5m);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions"));

        // MSFT leaves the partition (removed from the symbol list, or its object now rejected).
        await harness.S3.DeleteObjectAsync(harness.Bucket, "raw/stock_data/2026-11-25/MSFT.json", Ct);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        // Its three days after 2026-11-20 are gone; its restated day has 2026-11-20's version back, with its lineage.
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' AND partition_date = '2026-11-25'"));
        Assert.Equal(3, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND partition_date = '2026-11-25'"));
        Assert.Equal(100, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' AND partition_date = '2026-11-20'"));
        Assert.Equal(0, await harness.CountAsync(
            """
            SELECT count(*) FROM market_data.fct_stock_prices f JOIN market_data.stg_stock_prices s
              ON s.symbol = f.symbol AND s.price_date = f.price_date AND s.partition_date = '2026-11-20'
            WHERE f.symbol = 'MSFT' AND (f.close <> s.close OR f.source_key <> s.source_key)
            """));
        // The versions the re-run removed stay in the history, with an empty range of landing dates; so does the old row
        // of the version current again (its load times stay as they were: the current row is a new one, loaded now).
        Assert.Equal(4, await harness.CountAsync(
            "SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE symbol = 'MSFT' AND partition_date = '2026-11-25' AND superseded_by_partition = '2026-11-25'"));
        Assert.Equal(1, await harness.CountAsync(
            "SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE symbol = 'MSFT' AND partition_date = '2026-11-20' AND superseded_by_partition = '2026-11-20'"));
        Assert.Equal(5, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions"));
        // As of any load time, exactly one version of each key or none.
        Assert.Equal(0, await harness.CountAsync(
            """
            SELECT count(*) FROM (
              SELECT v.symbol, v.price_date, t.at FROM market_data.stock_price_versions v
              JOIN (SELECT loaded_at AS at FROM market_data.stock_price_versions UNION SELECT superseded_at FROM market_data.fct_stock_price_revisions) t
                ON v.loaded_at <= t.at AND (v.superseded_at IS NULL OR v.superseded_at > t.at)
              GROUP BY v.symbol, v.price_date, t.at HAVING count(*) > 1) twice
            """));
        var metadata = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'fct_stock_prices' ORDER BY finished_at DESC LIMIT 1", Ct);
        using var json = JsonDocument.Parse(metadata!);
        Assert.Equal(4, json.RootElement.GetProperty("keys_rebuilt").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("rows_new").GetInt64());
    }

    [Fact]
    public async Task A_key_loaded_out_of_order_falls_back_to_the_latest_earlier_landing_that_staged_it()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-20", 100, "IBM", "MSFT");
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT");
        await harness.RestateAsync("2026-11-20", "MSFT", "2026-11-18", 1.5m);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-20")); // staged, but 2026-11-25 wins

        await harness.S3.DeleteObjectAsync(harness.Bucket, "raw/stock_data/2026-11-25/MSFT.json", Ct);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.Equal(100, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'MSFT'"));
        Assert.Equal(100, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' AND partition_date = '2026-11-20'"));
        Assert.Equal(1, await harness.CountAsync(
            """
            SELECT count(*) FROM market_data.fct_stock_prices f JOIN market_data.stg_stock_prices s
              ON s.symbol = f.symbol AND s.price_date = f.price_date AND s.partition_date = '2026-11-20'
            WHERE f.symbol = 'MSFT' AND f.price_date = '2026-11-18' AND f.close = s.close AND f.source_key = s.source_key
            """));
    }

    [Fact]
    public async Task A_staging_count_that_disagrees_with_the_staged_files_rolls_back_before_commit()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 50, "IBM", "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        var manifest = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT metadata->>'manifest' FROM market_meta.materializations WHERE asset = 'staged_stock_prices'", Ct);
        var runBefore = await JobHarness.ScalarAsync<string>(harness.Settings, "SELECT min(run_id) FROM market_data.stg_stock_prices", Ct);
        await harness.CountAsync("DELETE FROM market_meta.runs RETURNING 0"); // nothing else in this test reads the runs

        var builder = JobHarness.Builder(harness.Settings, "--partition", "2026-11-25");
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddWarehouseServices();
        using var host = builder.Build();
        var loader = host.Services.GetRequiredService<StagingLoader>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => loader.LoadAsync(DailyPartition.Parse("2026-11-25"), manifest!, 99, Ct));

        Assert.Contains("loaded 100 rows but staged_stock_prices wrote 99", error.Message);
        Assert.Contains("rolled back", error.Message);
        Assert.Equal(100, await harness.CountAsync("SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date = '2026-11-25'"));
        Assert.Equal(runBefore, await JobHarness.ScalarAsync<string>(harness.Settings, "SELECT min(run_id) FROM market_data.stg_stock_prices", Ct));
    }

    [Fact]
    public async Task Staging_and_fact_statistics_are_fresh_after_each_load()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT", "AAPL");

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.Equal(300, await harness.CountAsync("SELECT reltuples::bigint FROM pg_class WHERE oid = 'market_data.stg_stock_prices'::regclass"));
        Assert.Equal(300, await harness.CountAsync("SELECT reltuples::bigint FROM pg_class WHERE oid = 'market_data.fct_stock_prices'::regclass"));
    }

    [Fact]
    public async Task A_statement_that_cannot_finish_fails_at_the_timeout_with_a_clear_message_and_changes_nothing()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 50, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        var before = await harness.FactSnapshotAsync();
        await harness.LandSeriesAsync("2026-11-25", 60, "IBM", "MSFT");

        // Another session holds the fact table's load lock and never lets go.
        await using var dataSource = JobHarness.DataSource(harness.Settings);
        await using var blocker = await dataSource.OpenConnectionAsync(Ct);
        await using (var lockIt = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('market_data.fct_stock_prices'), 0)", blocker))
        {
            await lockIt.ExecuteNonQueryAsync(Ct);
        }

        harness.Settings["WAREHOUSE_STATEMENT_TIMEOUT_SECONDS"] = "2";
        var exit = await harness.RunJobAsync("2026-11-25").WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(JobExitCodes.Failed, exit);
        Assert.Equal(before, await harness.FactSnapshotAsync());
        var error = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT error FROM market_meta.materializations WHERE asset = 'fct_stock_prices' AND status = 'failed'", Ct);
        Assert.StartsWith("WarehouseStatementTimeoutException: fct_stock_prices 2026-11-25: a warehouse statement ran longer than 2 s (WAREHOUSE_STATEMENT_TIMEOUT_SECONDS) and was cancelled", error);
    }

    [Fact]
    public async Task Raw_rows_are_counted_from_the_bytes_apart_from_the_parser()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 20, "IBM");
        await harness.PutRawAsync("2026-11-25", "MSFT.json", """{"Meta Data": {"2. Symbol": "MSFT"}, "Time Series (Daily)": {"2026-11-24": {"1. open": "x"}, "2026-11-25": {"1. open": "1"}""");

        await harness.RunJobAsync("2026-11-25");

        var metadata = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'staged_stock_prices'", Ct);
        using var json = JsonDocument.Parse(metadata!);
        Assert.Equal(22, json.RootElement.GetProperty("raw_rows").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("unverified_objects").GetInt64()); // the truncated MSFT body
        Assert.Equal(20, json.RootElement.GetProperty("staged_rows").GetInt64());
    }
}
