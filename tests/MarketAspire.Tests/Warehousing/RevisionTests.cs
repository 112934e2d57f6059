using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Warehousing;

/// <summary>What we knew, and when: restated bars keep their old versions, and the versions view answers as of a landing date.</summary>
public class RevisionTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The as-of query of docs/data.md: the series as it was known at a landing date.</summary>
    private const string CloseAsOfLanding =
        """
        SELECT close FROM market_data.stock_price_versions
        WHERE symbol = 'MSFT' AND price_date = '2026-11-18'
          AND partition_date <= @as_of AND (superseded_by_partition IS NULL OR superseded_by_partition > @as_of)
        """;

    [Fact]
    public async Task A_restated_bar_keeps_its_old_version_and_the_as_of_query_returns_it_for_earlier_landing_dates()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-20", 100, "IBM", "MSFT");
        await harness.RestateAsync("2026-11-25", "MSFT", "2026-11-18", 1.1m);
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-20"));
        var original = await harness.ScalarAsync<decimal>("SELECT close FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' AND price_date = '2026-11-18'");

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        var restated = Math.Round(original * 1.1m, 4);
        Assert.Equal(restated, await harness.ScalarAsync<decimal>("SELECT close FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' AND price_date = '2026-11-18'"));
        Assert.Equal(1, await harness.CountAsync(
            "SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE symbol = 'MSFT' AND price_date = '2026-11-18' AND partition_date = '2026-11-20' AND superseded_by_partition = '2026-11-25'"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions"));
        Assert.Equal(original, await AsOfAsync(harness, "2026-11-20"));
        Assert.Equal(original, await AsOfAsync(harness, "2026-11-24"));
        Assert.Equal(restated, await AsOfAsync(harness, "2026-11-25"));
        Assert.Equal(restated, await AsOfAsync(harness, "2026-12-31"));
        Assert.Null(await AsOfAsync(harness, "2026-11-19")); // not yet landed

        // As of a load time: the version current at that instant.
        var revisedAt = await harness.ScalarAsync<DateTime>("SELECT superseded_at FROM market_data.fct_stock_price_revisions");
        Assert.Equal(original, await harness.ScalarAsync<decimal>(
            $"SELECT close FROM market_data.stock_price_versions WHERE symbol = 'MSFT' AND price_date = '2026-11-18' AND loaded_at <= '{revisedAt:O}'::timestamptz - interval '1 millisecond' AND (superseded_at IS NULL OR superseded_at > '{revisedAt:O}'::timestamptz - interval '1 millisecond')"));
        var metadata = await harness.ScalarAsync<string>("SELECT metadata::text FROM market_meta.materializations WHERE asset = 'fct_stock_prices' ORDER BY finished_at DESC LIMIT 1");
        Assert.Contains("\"rows_revised\": 1", metadata);
        Assert.Contains("\"rows_new\": 6", metadata); // IBM's and MSFT's three trading days after 2026-11-20
        Assert.Contains("\"rows_unchanged\": 193", metadata); // the other 97 days of each, but MSFT's restated one
    }

    [Fact]
    public async Task An_unchanged_relanding_writes_no_version_and_rewrites_no_row()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-20", 100, "IBM", "MSFT");
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-20"));
        const string RowVersions = "SELECT string_agg(concat_ws('|', symbol, price_date, xmin, run_id, loaded_at, partition_date), ',' ORDER BY symbol, price_date) FROM market_data.fct_stock_prices WHERE price_date <= '2026-11-20'";
        var before = await harness.ScalarAsync<string>(RowVersions);

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        // xmin is the transaction that wrote a row version: the same xmin means the row was not written again.
        Assert.Equal(before, await harness.ScalarAsync<string>(RowVersions));
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions"));
        Assert.Equal(6, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = '2026-11-25'"));
        var metadata = await harness.ScalarAsync<string>("SELECT metadata::text FROM market_meta.materializations WHERE asset = 'fct_stock_prices' ORDER BY finished_at DESC LIMIT 1");
        Assert.Contains("\"rows_new\": 0", metadata);
        Assert.Contains("\"rows_revised\": 0", metadata);
        Assert.Contains("\"rows_unchanged\": 200", metadata);
    }

    [Fact]
    public async Task A_value_that_becomes_null_is_a_revision_and_a_rerun_of_the_same_landing_keeps_only_its_load_time()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 10, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        await harness.RestateAsync("2026-11-25", "IBM", "2026-11-24", 2m, days: 10);

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        // The same landing date delivered other values: the old version was never the landing date's final word.
        Assert.Equal(1, await harness.CountAsync(
            "SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE price_date = '2026-11-24' AND partition_date = '2026-11-25' AND superseded_by_partition = '2026-11-25'"));
        Assert.Equal(1, await harness.CountAsync(
            "SELECT count(*) FROM market_data.stock_price_versions WHERE price_date = '2026-11-24' AND partition_date <= '2026-11-25' AND (superseded_by_partition IS NULL OR superseded_by_partition > '2026-11-25')"));

        await harness.ExecuteAsync("UPDATE market_data.stg_stock_prices SET volume = NULL WHERE price_date = '2026-11-20'");
        await harness.ApplyFactAsync("2026-11-25");
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE price_date = '2026-11-20' AND volume IS NOT NULL"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE price_date = '2026-11-20' AND volume IS NULL"));
    }

    private static async Task<decimal?> AsOfAsync(WarehouseHarness harness, string asOf)
    {
        await using var dataSource = JobHarness.DataSource(harness.Settings);
        await using var cmd = dataSource.CreateCommand(CloseAsOfLanding);
        cmd.Parameters.AddWithValue("as_of", DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
        return await cmd.ExecuteScalarAsync(Ct) as decimal?;
    }
}
