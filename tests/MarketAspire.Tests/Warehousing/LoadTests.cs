using System.Text.Json;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Transform;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.Tests.Warehousing;

public class LoadTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partition_loads_end_to_end_and_every_row_traces_to_its_raw_object()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT", "BRK.B");

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.Equal(300, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
        Assert.Equal(100, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'BRK.B' AND source_key = 'raw/stock_data/2026-11-25/BRK.B.json'"));
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE price_date > '2026-11-25' OR price_date = '2026-11-26'"));
        var metadata = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'staged_stock_prices'", Ct);
        using var json = JsonDocument.Parse(metadata!);
        Assert.Equal(300, json.RootElement.GetProperty("raw_rows").GetInt64());
        Assert.Equal(300, json.RootElement.GetProperty("staged_rows").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("rejected_rows").GetInt64());

        // Every asset of the warehouse service, dim_securities included (it has no list to load here, and succeeds).
        Assert.Equal(7, await harness.CountAsync("SELECT count(*) FROM market_meta.materializations WHERE status = 'succeeded'"));
    }

    [Fact]
    public async Task Large_partitions_are_split_into_several_staged_files_listed_in_a_mandatory_manifest()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 100, "AAPL", "MSFT", "IBM", "JPM", "NVDA");
        harness.Settings["WAREHOUSE_ROWS_PER_FILE"] = "70";

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        var manifestKey = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT metadata->>'manifest' FROM market_meta.materializations WHERE asset = 'staged_stock_prices'", Ct);
        using var manifest = JsonDocument.Parse(await harness.ReadTextAsync(manifestKey!));
        var entries = manifest.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.True(entries.Count >= 8, $"{entries.Count} files");
        Assert.All(entries, e => Assert.True(e.GetProperty("mandatory").GetBoolean()));
        Assert.All(entries, e => Assert.StartsWith($"s3://{harness.Bucket}/staged/stock_prices/2026-11-25/", e.GetProperty("url").GetString()));
        Assert.Equal(500, entries.Sum(e => e.GetProperty("meta").GetProperty("record_count").GetInt64()));
        Assert.Equal(500, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
    }

    [Fact]
    public async Task Rerunning_a_partition_leaves_the_fact_table_unchanged()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT");
        await harness.LandSeriesAsync("2026-11-27", 100, "IBM", "MSFT");
        await harness.RunJobAsync("2026-11-25");
        await harness.RunJobAsync("2026-11-27");
        var before = await harness.FactSnapshotAsync();

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-27"));

        Assert.Equal(before, await harness.FactSnapshotAsync());
        Assert.Equal(2 * 101, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
    }

    [Fact]
    public async Task The_latest_landing_date_wins_whatever_order_partitions_load_in()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM");
        await harness.LandSeriesAsync("2026-11-27", 100, "IBM");

        await harness.RunJobAsync("2026-11-27");
        await harness.RunJobAsync("2026-11-25");

        // As if loaded in order: the 99 bars both deliver unchanged keep the landing date that first delivered them.
        Assert.Equal(101, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = '2026-11-27'"));
        Assert.Equal(100, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = '2026-11-25'"));
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE partition_date < superseded_by_partition"));
    }

    [Fact]
    public async Task A_failure_between_delete_and_insert_leaves_the_fact_table_as_it_was()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 50, "IBM", "MSFT");
        await harness.RunJobAsync("2026-11-25");
        var before = await harness.FactSnapshotAsync();
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT", "AAPL");

        var exit = await harness.RunJobAsync("2026-11-25", services =>
            services.GetRequiredService<FactTransform>().BetweenDeleteAndInsert = _ => throw new IOException("injected: the connection dropped"));

        Assert.Equal(JobExitCodes.Failed, exit);
        Assert.Equal(before, await harness.FactSnapshotAsync());
        var error = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT error FROM market_meta.materializations WHERE asset = 'fct_stock_prices' AND status = 'failed'", Ct);
        Assert.Equal("IOException: injected: the connection dropped", error);
    }

    [Fact]
    public async Task Concurrent_loads_of_one_partition_are_serialized_and_agree()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT", "AAPL", "NVDA");

        var exits = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => harness.RunJobAsync("2026-11-25")));

        Assert.All(exits, e => Assert.Equal(JobExitCodes.Succeeded, e));
        Assert.Equal(400, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
        Assert.Equal(400, await harness.CountAsync("SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date = '2026-11-25'"));
    }

    [Fact]
    public async Task A_partition_without_raw_objects_fails_with_what_to_do()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        Assert.Equal(JobExitCodes.Failed, await harness.RunJobAsync("2026-11-25"));
        var error = await JobHarness.ScalarAsync<string>(harness.Settings, "SELECT error FROM market_meta.runs", Ct);
        Assert.Contains("No raw objects under s3://", error);
        Assert.Contains("raw_stock_prices was never landed for 2026-11-25. For today's landing date, run the extractor first", error);
    }
}
