using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.QualityChecks;

/// <summary>Each check passes on clean data and fails on data crafted to break exactly it.</summary>
public class CheckTests(SharedServers servers)
{
    private const string P = "2026-11-25";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int Exit, Dictionary<string, (bool Passed, string Summary)> Results)> BreakAndRunAsync(string? breakSql, string partition = P, string? alsoSql = null)
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync(partition);
        if (breakSql is not null)
        {
            await harness.ExecuteAsync(breakSql);
            if (breakSql.StartsWith("UPDATE", StringComparison.Ordinal))
            {
                // Bad values arrive from the vendor: the load staged them, so staging and the fact table agree.
                await harness.ExecuteAsync(breakSql.Replace("market_data.fct_stock_prices", "market_data.stg_stock_prices", StringComparison.Ordinal));
            }
        }

        if (alsoSql is not null)
        {
            await harness.ExecuteAsync(alsoSql);
        }

        var exit = await harness.RunAsync(partition);
        return (exit, await harness.ResultsAsync(partition));
    }

    private static void OnlyFailing(Dictionary<string, (bool Passed, string Summary)> results, string check)
    {
        Assert.Equal(MarketAssets.Graph.ChecksOf("quality").Select(c => c.Name).Order(), results.Keys.Order());
        Assert.Equal([check], results.Where(r => !r.Value.Passed).Select(r => r.Key));
    }

    [Fact]
    public async Task Every_check_passes_on_clean_data_and_the_run_succeeds()
    {
        var (exit, results) = await BreakAndRunAsync(null);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.All(results, r => Assert.True(r.Value.Passed, $"{r.Key}: {r.Value.Summary}"));
        Assert.Equal("raw 92 = staged 90 + rejected 2; all 90 staged rows in the fact table", results["reconciliation"].Summary);
    }

    [Fact]
    public async Task A_partition_whose_staging_was_pruned_is_refused_with_the_reason_and_no_verdict_is_recorded()
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync(P);
        await harness.ExecuteAsync("UPDATE market_data.stg_retention SET frozen_before = '2026-11-26'");

        Assert.Equal(JobExitCodes.Failed, await harness.RunAsync(P));
        Assert.Empty(await harness.ResultsAsync(P));
        var error = await JobHarness.ScalarAsync<string>(harness.Settings, "SELECT error FROM market_meta.runs ORDER BY started_at DESC LIMIT 1", Ct);
        Assert.Contains("checks on 2026-11-25: its staged rows were pruned", error);
        Assert.Contains("landing dates before 2026-11-26 are frozen", error);
    }

    [Fact]
    public async Task Completeness_fails_on_a_NULL_and_fails_the_run()
    {
        var (exit, results) = await BreakAndRunAsync("UPDATE market_data.fct_stock_prices SET close = NULL WHERE symbol = 'IBM' AND price_date = '2026-11-24'");
        Assert.Equal(JobExitCodes.Failed, exit);
        OnlyFailing(results, "completeness");
        Assert.Equal("1 of 90 rows with a NULL; first: IBM 2026-11-24: NULL close", results["completeness"].Summary);
    }

    [Fact]
    public async Task Validity_fails_on_a_negative_price_naming_symbol_and_date()
    {
        var (exit, results) = await BreakAndRunAsync("UPDATE market_data.fct_stock_prices SET close = -close, low = -close WHERE symbol = 'MSFT' AND price_date = '2026-11-25'");
        Assert.Equal(JobExitCodes.Failed, exit);
        Assert.False(results["validity"].Passed);
        Assert.StartsWith("1 of 90 rows invalid (price <= 0, volume < 0 or a date after the landing date); first: MSFT 2026-11-25: open ", results["validity"].Summary);
        Assert.Contains("close -", results["validity"].Summary);
    }

    [Fact]
    public async Task A_volume_of_zero_is_a_warning_and_the_run_still_succeeds()
    {
        var (exit, results) = await BreakAndRunAsync("UPDATE market_data.fct_stock_prices SET volume = 0 WHERE symbol = 'AAPL' AND price_date = '2026-11-20'");
        Assert.Equal(JobExitCodes.Succeeded, exit);
        OnlyFailing(results, "zero_volume");
        Assert.Equal("1 of 90 rows with volume 0; first: AAPL 2026-11-20: volume 0", results["zero_volume"].Summary);
    }

    [Fact]
    public async Task Freshness_fails_when_a_symbol_misses_the_expected_day()
    {
        var (exit, results) = await BreakAndRunAsync("DELETE FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-25'");
        Assert.Equal(JobExitCodes.Failed, exit);
        Assert.False(results["freshness"].Passed);
        Assert.Equal("1 of 3 symbols late; first: IBM: newest 2026-11-24, expected 2026-11-25", results["freshness"].Summary);
        Assert.False(results["reconciliation"].Passed); // the staged row is missing from the fact table too
    }

    [Fact]
    public async Task Freshness_counts_only_final_bars_so_a_provisional_one_is_not_the_expected_day()
    {
        var (exit, results) = await BreakAndRunAsync("UPDATE market_data.fct_stock_prices SET provisional = true WHERE symbol = 'MSFT' AND price_date = '2026-11-25'");
        Assert.Equal(JobExitCodes.Failed, exit);
        OnlyFailing(results, "freshness");
        Assert.Equal("1 of 3 symbols late; first: MSFT: newest 2026-11-24, expected 2026-11-25", results["freshness"].Summary);
    }

    [Theory]
    [InlineData("11:00", true)]  // fetched before the close: the day before is all it could hold, now and on any re-evaluation
    [InlineData("18:00", false)] // fetched after the close: the day itself is missing
    public async Task Freshness_is_judged_as_of_the_extraction_not_the_evaluation(string fetchedAt, bool passes)
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync("2026-11-25");
        await harness.ExecuteAsync("DELETE FROM market_data.stg_stock_prices WHERE price_date = '2026-11-25'; DELETE FROM market_data.fct_stock_prices WHERE price_date = '2026-11-25'");
        await harness.ExecuteAsync(
            $$"""
            INSERT INTO market_meta.materializations (run_id, asset, partition_date, status, started_at, finished_at, data_version, input_versions, code_version, metadata)
            VALUES ('x', 'raw_stock_prices', '2026-11-25', 'succeeded', '2026-11-25 {{fetchedAt}}:00 America/New_York', '2026-11-25 {{fetchedAt}}:05 America/New_York', 'v', '{}', '1', '{}')
            """);
        var evening = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(-5)));

        await harness.RunAsync("2026-11-25", evening);

        var freshness = (await harness.ResultsAsync("2026-11-25"))["freshness"];
        Assert.Equal(passes, freshness.Passed);
        Assert.Equal(passes ? "all 3 symbols have 2026-11-24" : "3 of 3 symbols late; first: IBM: newest 2026-11-24, expected 2026-11-25", freshness.Summary);
    }

    [Theory]
    [InlineData("2026-11-26", "2026-11-25")] // Thanksgiving
    [InlineData("2026-11-28", "2026-11-27")] // Saturday
    [InlineData("2026-04-05", "2026-04-02")] // Easter Sunday, after Good Friday
    public async Task Freshness_passes_on_weekends_and_holidays_with_the_previous_trading_day(string partition, string expected)
    {
        var (exit, results) = await BreakAndRunAsync(null, partition);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.Equal($"all 3 symbols have {expected}", results["freshness"].Summary);
    }

    [Fact]
    public async Task Uniqueness_fails_on_a_duplicate_key_as_Redshift_would_let_through()
    {
        var (exit, results) = await BreakAndRunAsync(
            """
            ALTER TABLE market_data.fct_stock_prices DROP CONSTRAINT fct_stock_prices_pkey;
            INSERT INTO market_data.fct_stock_prices SELECT * FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-25';
            """);
        Assert.Equal(JobExitCodes.Failed, exit);
        Assert.False(results["uniqueness"].Passed);
        Assert.Equal("1 keys appear more than once; first: IBM 2026-11-25: 2 rows", results["uniqueness"].Summary);
    }

    [Fact]
    public async Task Ohlc_inconsistency_is_a_warning()
    {
        var (exit, results) = await BreakAndRunAsync("UPDATE market_data.fct_stock_prices SET high = low - 1 WHERE symbol = 'AAPL' AND price_date = '2026-11-24'");
        Assert.Equal(JobExitCodes.Succeeded, exit);
        OnlyFailing(results, "ohlc_consistency");
    }

    [Fact]
    public async Task Reconciliation_fails_when_counts_disagree()
    {
        var (exit, results) = await BreakAndRunAsync(
            "UPDATE market_meta.materializations SET metadata = jsonb_set(metadata, '{rejected_rows}', '5') WHERE asset = 'staged_stock_prices'");
        Assert.Equal(JobExitCodes.Failed, exit);
        OnlyFailing(results, "reconciliation");
        Assert.Equal("1 mismatches; first: raw rows 92 != staged 90 + rejected 5", results["reconciliation"].Summary);
    }

    [Fact]
    public async Task Reconciliation_fails_when_a_staged_row_is_in_the_fact_table_only_by_its_key()
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync("2026-11-25");
        // Same key, but not the values this load staged: one other close, one volume gone.
        await harness.ExecuteAsync("UPDATE market_data.fct_stock_prices SET close = close + 1 WHERE symbol = 'MSFT' AND price_date = '2026-11-24'");
        await harness.ExecuteAsync("UPDATE market_data.fct_stock_prices SET volume = NULL WHERE symbol = 'IBM' AND price_date = '2026-11-20'");

        await harness.RunAsync("2026-11-25");

        var results = await harness.ResultsAsync("2026-11-25");
        Assert.False(results["reconciliation"].Passed);
        Assert.Equal("2 mismatches; first: IBM 2026-11-20: staged but not the version as of its landing date with the values it staged", results["reconciliation"].Summary);
    }

    [Fact]
    public async Task Reconciliation_accepts_a_row_an_earlier_load_wrote_with_the_same_values()
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync("2026-11-25");
        // A re-landing that delivers a row unchanged does not rewrite it: it keeps its first landing date and run.
        await harness.ExecuteAsync("UPDATE market_data.fct_stock_prices SET run_id = 'earlier', partition_date = '2026-11-20', source_version = 'v0' WHERE symbol = 'MSFT'");

        await harness.RunAsync("2026-11-25");

        Assert.True((await harness.ResultsAsync("2026-11-25"))["reconciliation"].Passed);
    }

    [Fact]
    public async Task Reconciliation_accepts_a_row_superseded_by_a_later_landing_date()
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync("2026-11-25");
        await harness.ExecuteAsync(
            """
            INSERT INTO market_data.fct_stock_price_revisions (symbol, price_date, open, high, low, close, volume, partition_date, superseded_by_partition, source_key, source_version, run_id, loaded_at, superseded_at, provisional)
            SELECT symbol, price_date, open, high, low, close, volume, partition_date, '2026-11-27', source_key, source_version, run_id, loaded_at, now(), provisional
            FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' AND price_date = '2026-11-24';
            UPDATE market_data.fct_stock_prices SET close = close + 1, run_id = 'later', partition_date = '2026-11-27' WHERE symbol = 'MSFT' AND price_date = '2026-11-24';
            """);

        await harness.RunAsync("2026-11-25");

        Assert.True((await harness.ResultsAsync("2026-11-25"))["reconciliation"].Passed);
    }

    [Fact]
    public async Task A_split_like_jump_without_a_known_split_is_a_warning()
    {
        var (exit, results) = await BreakAndRunAsync(
            "UPDATE market_data.fct_stock_prices SET open = open / 4, high = high / 4, low = low / 4, close = close / 4 WHERE symbol = 'MSFT' AND price_date >= '2026-11-24'");
        Assert.Equal(JobExitCodes.Succeeded, exit);
        OnlyFailing(results, "price_jump");
        Assert.StartsWith("1 closes moved more than 25%; first: MSFT 2026-11-24: split-adjusted close ", results["price_jump"].Summary);
    }

    private const string SplitOn24th =
        "INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at) VALUES ('MSFT', '2026-11-24', 4, '2026-11-25', 'k', 'v', 'r', now())";

    [Fact]
    public async Task A_real_split_is_neither_a_jump_nor_inconsistent()
    {
        var (exit, results) = await BreakAndRunAsync(
            "UPDATE market_data.fct_stock_prices SET open = open / 4, high = high / 4, low = low / 4, close = close / 4 WHERE symbol = 'MSFT' AND price_date >= '2026-11-24'",
            alsoSql: SplitOn24th);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.All(results, r => Assert.True(r.Value.Passed, $"{r.Key}: {r.Value.Summary}"));
        Assert.Equal("1 splits in the partition's bars, each matched by the raw prices", results["split_consistency"].Summary);
    }

    [Fact]
    public async Task A_split_the_prices_do_not_show_is_a_warning_and_a_jump()
    {
        var (exit, results) = await BreakAndRunAsync(null, alsoSql: SplitOn24th);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.Equal(["price_jump", "split_consistency"], results.Where(r => !r.Value.Passed).Select(r => r.Key).Order());
        Assert.Matches(@"^1 of 1 splits not seen in the raw prices; first: MSFT 2026-11-24: split factor 4, but the raw close moved [\d.]+ -> [\d.]+ \(x[\d.]+, expected about x0\.25\)$",
            results["split_consistency"].Summary);
    }

    [Fact]
    public async Task Checks_never_modify_data()
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync(P);
        var before = await JobHarness.ScalarAsync<string>(harness.Settings, "SELECT md5(string_agg(f::text, ',' ORDER BY symbol, price_date)) FROM market_data.fct_stock_prices f", Ct);
        await harness.RunAsync(P);
        Assert.Equal(before, await JobHarness.ScalarAsync<string>(harness.Settings, "SELECT md5(string_agg(f::text, ',' ORDER BY symbol, price_date)) FROM market_data.fct_stock_prices f", Ct));
    }
}
