using MarketAspire.JobHosting.Jobs;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Warehousing;

/// <summary>The fact step analyzes the fact table after a load that changes its plans, not after a day's few bars.</summary>
public class FactStatisticsTests(SharedServers servers)
{
    private const string LastAnalyze =
        "SELECT COALESCE(last_analyze::text, 'never') FROM pg_stat_user_tables WHERE schemaname = 'market_data' AND relname = 'fct_stock_prices'";

    [Fact]
    public async Task A_history_load_is_analyzed_and_the_next_days_bar_is_not()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-24", 200, "IBM", "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-24"));
        var afterHistory = await harness.ScalarAsync<string>(LastAnalyze);
        Assert.NotEqual("never", afterHistory);
        Assert.Equal(400, await harness.ScalarAsync<double>("SELECT reltuples::float8 FROM pg_class WHERE oid = 'market_data.fct_stock_prices'::regclass"));

        // The next day's compact answers: 100 bars each, 99 already loaded, one new.
        await harness.LandSeriesAsync("2026-11-25", 100, "IBM", "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        Assert.Equal(402, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
        Assert.Equal(afterHistory, await harness.ScalarAsync<string>(LastAnalyze));
    }
}
