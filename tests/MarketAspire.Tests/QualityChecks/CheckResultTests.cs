using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.LocalServers;
using MarketAspire.Quality;
using MarketAspire.Quality.Checks;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.QualityChecks;

/// <summary>
/// Each check evaluated on its own against a seeded partition, its whole result asserted: the summary, the offending
/// rows as a user reads them, and the metadata recorded with the evaluation.
/// </summary>
public class CheckResultTests(SharedServers servers)
{
    private const string P = "2026-11-25";
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(-5));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<CheckResult> EvaluateAsync(IAssetCheck check, string? breakSql = null, string symbols = "IBM,MSFT,AAPL", bool seedStagingRecord = true)
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync(P, symbols: "IBM,MSFT,AAPL");
        if (!seedStagingRecord)
        {
            await harness.ExecuteAsync("DELETE FROM market_meta.materializations WHERE asset = 'staged_stock_prices'");
        }

        if (breakSql is not null)
        {
            await harness.ExecuteAsync(breakSql);
        }

        await using var dataSource = JobHarness.DataSource(harness.Settings);
        await using var connection = await dataSource.OpenConnectionAsync(Ct);
        var settings = new QualitySettings { Symbols = symbols.Split(',') };
        return await check.EvaluateAsync(new CheckContext(connection, DailyPartition.Parse(P), settings.Symbols, settings, Evening), Ct);
    }

    private static string Json(CheckResult result) => JsonSerializer.Serialize(result.Metadata);

    [Fact]
    public async Task Completeness_names_every_NULL_column_of_a_row()
    {
        var result = await EvaluateAsync(new CompletenessCheck(),
            "UPDATE market_data.fct_stock_prices SET \"open\" = NULL, high = NULL, low = NULL, close = NULL, volume = NULL WHERE symbol = 'IBM' AND price_date = '2026-11-24'");

        Assert.False(result.Passed);
        Assert.Equal(["IBM 2026-11-24: NULL open, high, low, close, volume"], result.Offending);
        Assert.Equal("""{"rows":90,"failing_rows":1,"offending":["IBM 2026-11-24: NULL open, high, low, close, volume"]}""", Json(result));
    }

    [Fact]
    public async Task A_passing_row_check_says_none_of_how_many()
    {
        var result = await EvaluateAsync(new CompletenessCheck());

        Assert.True(result.Passed);
        Assert.Equal("0 of 90 rows with a NULL", result.Summary);
        Assert.Empty(result.Offending);
        Assert.Equal("""{"rows":90,"failing_rows":0,"offending":[]}""", Json(result));
    }

    [Fact]
    public async Task Validity_shows_every_value_of_the_offending_row()
    {
        var result = await EvaluateAsync(new ValidityCheck(),
            "UPDATE market_data.fct_stock_prices SET \"open\" = -1, high = 2, low = -3, close = 1.5, volume = -5 WHERE symbol = 'MSFT' AND price_date = '2026-11-24'");

        Assert.Equal(["MSFT 2026-11-24: open -1.0000, high 2.0000, low -3.0000, close 1.5000, volume -5"], result.Offending);
    }

    [Fact]
    public async Task Ohlc_consistency_shows_the_four_prices()
    {
        var result = await EvaluateAsync(new OhlcConsistencyCheck(),
            "UPDATE market_data.fct_stock_prices SET \"open\" = 10, high = 9, low = 11, close = 10.5 WHERE symbol = 'AAPL' AND price_date = '2026-11-24'");

        Assert.False(result.Passed);
        Assert.Equal("1 of 90 rows where low <= open, close <= high does not hold; first: AAPL 2026-11-24: open 10.0000, high 9.0000, low 11.0000, close 10.5000", result.Summary);
    }

    [Fact]
    public async Task Uniqueness_records_the_duplicate_keys()
    {
        var clean = await EvaluateAsync(new UniquenessCheck());
        Assert.Equal(("every (symbol, price_date) once", """{"duplicate_keys":0,"offending":[]}"""), (clean.Summary, Json(clean)));

        var broken = await EvaluateAsync(new UniquenessCheck(),
            """
            ALTER TABLE market_data.fct_stock_prices DROP CONSTRAINT fct_stock_prices_pkey;
            INSERT INTO market_data.fct_stock_prices SELECT * FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-25';
            """);
        Assert.Equal("""{"duplicate_keys":1,"offending":["IBM 2026-11-25: 2 rows"]}""", Json(broken));
    }

    [Fact]
    public async Task Freshness_names_a_symbol_with_no_rows_and_records_what_it_judged()
    {
        var result = await EvaluateAsync(new FreshnessCheck(), symbols: "IBM,MSFT,AAPL,NVDA");

        Assert.False(result.Passed);
        Assert.Equal("1 of 4 symbols late; first: NVDA: no rows, expected 2026-11-25", result.Summary);
        Assert.Equal(
            """{"expected_trading_day":"2026-11-25","judged_as_of":"2026-11-26T01:00:00.0000000Z","symbols":4,"late":[{"symbol":"NVDA","newest":null}],"ended":[]}""",
            Json(result));
    }

    [Fact]
    public async Task A_price_jump_shows_both_closes_and_the_move_in_percent()
    {
        var result = await EvaluateAsync(new PriceJumpCheck(),
            "UPDATE market_data.fct_stock_prices SET close = CASE WHEN price_date < '2026-11-24' THEN 100 ELSE 50 END WHERE symbol = 'MSFT'");

        Assert.Equal(["MSFT 2026-11-24: split-adjusted close 50.0000 vs 100.0000 the trading day before (-50.0%)"], result.Offending);
        Assert.Equal("1 closes moved more than 25%; first: MSFT 2026-11-24: split-adjusted close 50.0000 vs 100.0000 the trading day before (-50.0%)", result.Summary);
        Assert.Equal("""{"threshold_percent":25,"jumps":1,"offending":["MSFT 2026-11-24: split-adjusted close 50.0000 vs 100.0000 the trading day before (-50.0%)"]}""", Json(result));

        var rise = await EvaluateAsync(new PriceJumpCheck(),
            "UPDATE market_data.fct_stock_prices SET close = CASE WHEN price_date < '2026-11-24' THEN 100 ELSE 150 END WHERE symbol = 'MSFT'");
        Assert.EndsWith("(+50.0%)", Assert.Single(rise.Offending));
    }

    [Fact]
    public async Task No_price_jump_says_so_with_the_threshold()
    {
        var result = await EvaluateAsync(new PriceJumpCheck());

        Assert.True(result.Passed);
        Assert.Equal("no split-adjusted close moved more than 25%", result.Summary);
    }

    [Fact]
    public async Task Reconciliation_records_every_count_it_compared()
    {
        var result = await EvaluateAsync(new ReconciliationCheck());

        Assert.True(result.Passed);
        Assert.Equal("""{"raw_rows":92,"staged_rows":90,"rejected_rows":2,"stg_rows":90,"missing_from_fact":0}""", Json(result));
    }

    [Fact]
    public async Task Reconciliation_fails_when_the_partition_was_never_staged()
    {
        var result = await EvaluateAsync(new ReconciliationCheck(), seedStagingRecord: false);

        Assert.False(result.Passed);
        Assert.Equal("no successful staged_stock_prices materialization for the partition", result.Summary);
        Assert.Equal(["staged_stock_prices: not materialized"], result.Offending);
    }

    [Fact]
    public async Task Reconciliation_fails_when_staging_holds_other_than_what_was_staged()
    {
        var result = await EvaluateAsync(new ReconciliationCheck(),
            "DELETE FROM market_data.stg_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-25'");

        Assert.False(result.Passed);
        Assert.Equal("1 mismatches; first: stg_stock_prices holds 89 rows, staged_stock_prices wrote 90", result.Summary);
    }
}
