using System.Globalization;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Warehousing;

/// <summary>Adjusted prices on read (market_data.stock_prices_adjusted) against a series computed by hand.</summary>
public class AdjustedPriceTests(SharedServers servers)
{
    private const string Seed =
        """
        INSERT INTO market_data.fct_stock_prices (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at) VALUES
          ('XYZ', '2026-01-05', 99,   101,  98,   100,  1000, '2026-01-09', 'k', 'v', 'r', now()),
          ('XYZ', '2026-01-06', 100,  103,  99,   102,  1200, '2026-01-09', 'k', 'v', 'r', now()),
          ('XYZ', '2026-01-07', 25.6, 26.4, 25.2, 26,   4400, '2026-01-09', 'k', 'v', 'r', now()),
          ('XYZ', '2026-01-08', 25.8, 26,   25.4, 25.5, 4000, '2026-01-09', 'k', 'v', 'r', now()),
          ('XYZ', '2026-01-09', 25.5, 25.6, 24.9, 25,   3900, '2026-01-09', 'k', 'v', 'r', now()),
          ('ABC', '2026-01-05', 10,   10,   10,   10,   500,  '2026-01-09', 'k', 'v', 'r', now());
        INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at) VALUES
          ('XYZ', '2026-01-07', 4, '2026-01-09', 'k', 'v', 'r', now());
        INSERT INTO market_data.fct_dividends (symbol, ex_dividend_date, amount, declaration_date, record_date, payment_date, partition_date, source_key, source_version, run_id, loaded_at) VALUES
          ('XYZ', '2026-01-08', 0.26, '2025-12-20', '2026-01-09', '2026-01-30', '2026-01-09', 'k', 'v', 'r', now());
        """;

    private const string Series =
        """
        SELECT string_agg(concat_ws('|', price_date, close, split_factor::numeric(10,4), close_split_adjusted, volume_split_adjusted,
                                    dividend_factor::numeric(10,4), close_total_return, open_split_adjusted, high_split_adjusted, low_split_adjusted), ',' ORDER BY price_date)
        FROM market_data.stock_prices_adjusted WHERE symbol = @symbol
        """;

    [Fact]
    public async Task A_4_for_1_split_and_a_dividend_two_days_apart_adjust_the_history_before_them()
    {
        var settings = await servers.MigratedEnvironmentAsync(TestContext.Current.CancellationToken);
        await JobHarness.ExecuteAsync(settings, Seed, TestContext.Current.CancellationToken);

        // By hand: before 2026-01-07 prices divide by 4 and volumes multiply by 4; before the ex-date 2026-01-08 the
        // total-return close also multiplies by 1 - 0.26 / 26 (the close the day before) = 0.99.
        Assert.Equal(
            string.Join(',',
                "2026-01-05|100.0000|4.0000|25.0000|4000|0.9900|24.7500|24.7500|25.2500|24.5000",
                "2026-01-06|102.0000|4.0000|25.5000|4800|0.9900|25.2450|25.0000|25.7500|24.7500",
                "2026-01-07|26.0000|1.0000|26.0000|4400|0.9900|25.7400|25.6000|26.4000|25.2000",
                "2026-01-08|25.5000|1.0000|25.5000|4000|1.0000|25.5000|25.8000|26.0000|25.4000",
                "2026-01-09|25.0000|1.0000|25.0000|3900|1.0000|25.0000|25.5000|25.6000|24.9000"),
            await SeriesAsync(settings, "XYZ"));
        // A symbol without corporate actions reads as traded.
        Assert.Equal("2026-01-05|10.0000|1.0000|10.0000|500|1.0000|10.0000|10.0000|10.0000|10.0000", await SeriesAsync(settings, "ABC"));
    }

    [Fact]
    public async Task A_new_split_readjusts_all_history_without_reloading_it()
    {
        var settings = await servers.MigratedEnvironmentAsync(TestContext.Current.CancellationToken);
        await JobHarness.ExecuteAsync(settings, Seed, TestContext.Current.CancellationToken);

        await JobHarness.ExecuteAsync(settings,
            "INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at) VALUES ('XYZ', '2026-01-09', 0.5, '2026-01-09', 'k', 'v', 'r', now())",
            TestContext.Current.CancellationToken);

        // A 1:2 reverse split on 2026-01-09: every earlier price doubles, on top of the 4:1 before 2026-01-07.
        var series = (await SeriesAsync(settings, "XYZ"))!.Split(',').Select(r => r.Split('|')).ToList();
        Assert.Equal(["2.0000", "2.0000", "0.5000", "0.5000", "1.0000"], series.Select(r => r[2]));
        Assert.Equal(["50.0000", "51.0000", "52.0000", "51.0000", "25.0000"], series.Select(r => r[3]));
    }

    private static async Task<string?> SeriesAsync(Dictionary<string, string?> settings, string symbol)
    {
        await using var dataSource = JobHarness.DataSource(settings);
        await using var cmd = dataSource.CreateCommand(Series);
        cmd.Parameters.AddWithValue("symbol", symbol);
        return (string?)await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
