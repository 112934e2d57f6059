using MarketAspire.AssetGraph.Partitions;
using MarketAspire.LocalServers;
using MarketAspire.Quality;
using MarketAspire.Quality.Checks;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.QualityChecks;

/// <summary>The restatement and split checks evaluated on their own: summary, offending rows and every metadata entry.</summary>
public class CorporateAndRestatementResultTests(SharedServers servers)
{
    private const string P = "2026-11-25";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // MSFT's 2026-11-18 close restated from 100 to 110 (an earlier landing date's version), IBM's 2026-11-19 from NULL to 50.
    private const string Restated =
        """
        UPDATE market_data.fct_stock_prices SET close = 110 WHERE symbol = 'MSFT' AND price_date = '2026-11-18';
        UPDATE market_data.fct_stock_prices SET close = 50 WHERE symbol = 'IBM' AND price_date = '2026-11-19';
        INSERT INTO market_data.fct_stock_price_revisions (symbol, price_date, open, high, low, close, volume, partition_date, superseded_by_partition,
                                                          source_key, source_version, run_id, loaded_at, superseded_at) VALUES
          ('MSFT', '2026-11-18', 1, 1, 1, 100, 1, '2026-11-20', '2026-11-25', 'k', 'v', 'r', now(), now()),
          ('IBM', '2026-11-19', 1, 1, 1, NULL, 1, '2026-11-20', '2026-11-25', 'k', 'v', 'r', now(), now()),
          ('AAPL', '2026-11-19', 1, 1, 1, 7, 1, '2026-11-25', '2026-11-25', 'k', 'v', 'r', now(), now());
        """;

    private async Task<CheckResult> EvaluateAsync(IAssetCheck check, string sql)
    {
        var harness = await QualityHarness.StartAsync(servers);
        await harness.SeedCleanAsync(P);
        await harness.ExecuteAsync(sql);
        await using var dataSource = JobHarness.DataSource(harness.Settings);
        await using var connection = await dataSource.OpenConnectionAsync(Ct);
        var settings = new QualitySettings { Symbols = ["IBM", "MSFT", "AAPL"] };
        return await check.EvaluateAsync(new CheckContext(connection, DailyPartition.Parse(P), settings.Symbols, settings, DateTimeOffset.UtcNow), Ct);
    }

    [Fact]
    public async Task Restatement_lists_the_unmeasurable_change_first_then_the_largest_and_ignores_a_rerun_of_the_same_date()
    {
        var result = await EvaluateAsync(new RestatementCheck(), Restated);

        string[] listed = ["IBM 2026-11-19: close NULL -> 50.0000 (not measurable)", "MSFT 2026-11-18: close 100.0000 -> 110.0000 (10%)"];
        Assert.False(result.Passed);
        Assert.Equal(listed, result.Offending);
        Assert.Equal($"2 past bars changed; largest: {listed[0]}", result.Summary);
        Assert.Equal(["restated_bars", "largest_change_percent", "offending"], result.Metadata.Keys);
        Assert.Equal(2L, result.Metadata["restated_bars"]);
        Assert.Equal(10m, (decimal)result.Metadata["largest_change_percent"]!);
        Assert.Equal(listed, (List<string>)result.Metadata["offending"]!);
    }

    [Fact]
    public async Task Restatement_tolerance_counts_only_old_bars_beyond_the_tolerance_and_records_its_rule()
    {
        var result = await EvaluateAsync(new RestatementToleranceCheck(), Restated);

        Assert.False(result.Passed);
        Assert.Equal(["MSFT 2026-11-18: close 100.0000 -> 110.0000 (10%)"], result.Offending); // IBM's 2026-11-19 is younger than 5 trading days
        Assert.Equal("1 bars restated by more than 1% on bars of 2026-11-18 or earlier; largest: MSFT 2026-11-18: close 100.0000 -> 110.0000 (10%)", result.Summary);
        Assert.Equal(["tolerance_percent", "oldest_bar_checked", "restated_bars", "largest_change_percent", "offending"], result.Metadata.Keys);
        Assert.Equal((1m, "2026-11-18", 1L), ((decimal)result.Metadata["tolerance_percent"]!, (string)result.Metadata["oldest_bar_checked"]!, (long)result.Metadata["restated_bars"]!));
        Assert.Equal(10m, (decimal)result.Metadata["largest_change_percent"]!);
        Assert.Equal(result.Offending, (List<string>)result.Metadata["offending"]!);
    }

    [Fact]
    public async Task Split_consistency_names_the_move_it_saw_and_a_move_of_exactly_the_tolerance_still_passes()
    {
        // MSFT: a 4:1 split on 2026-11-24 with the close unchanged (100 -> 50 is x0.5, not x0.25); IBM: 4:1 with the
        // close at 31.25 after 100, 25 % off the ratio exactly.
        var result = await EvaluateAsync(new SplitConsistencyCheck(),
            """
            UPDATE market_data.fct_stock_prices SET close = CASE WHEN price_date < '2026-11-24' THEN 100 ELSE 50 END WHERE symbol = 'MSFT';
            UPDATE market_data.fct_stock_prices SET close = CASE WHEN price_date < '2026-11-24' THEN 100 ELSE 31.25 END WHERE symbol = 'IBM';
            INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at) VALUES
              ('MSFT', '2026-11-24', 4, '2026-11-25', 'k', 'v', 'r', now()), ('IBM', '2026-11-24', 4, '2026-11-25', 'k', 'v', 'r', now());
            """);

        string[] listed = ["MSFT 2026-11-24: split factor 4, but the raw close moved 100.0000 -> 50.0000 (x0.5, expected about x0.25)"];
        Assert.False(result.Passed);
        Assert.Equal(listed, result.Offending);
        Assert.Equal($"1 of 2 splits not seen in the raw prices; first: {listed[0]}", result.Summary);
        Assert.Equal(["splits_checked", "inconsistent", "offending"], result.Metadata.Keys);
        Assert.Equal((2, 1), ((int)result.Metadata["splits_checked"]!, (int)result.Metadata["inconsistent"]!));
        Assert.Equal(listed, (List<string>)result.Metadata["offending"]!);
    }
}
