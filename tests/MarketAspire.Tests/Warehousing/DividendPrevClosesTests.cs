using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Npgsql;

namespace MarketAspire.Tests.Warehousing;

/// <summary>
/// The close before each ex-date that PostgreSQL's triggers keep (market_data.dividend_prev_closes), read through the
/// adjusted view, against factors worked by hand: writes in any order, by hand, a truncate, and two loads at once.
/// </summary>
public class DividendPrevClosesTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Bar(string date, decimal close) =>
        FormattableString.Invariant($"INSERT INTO market_data.fct_stock_prices (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at) VALUES ('DIV', '{date}', {close}, {close}, {close}, {close}, 100, '2026-02-02', 'k', 'v', 'r', now())");

    private const string Dividend =
        "INSERT INTO market_data.fct_dividends (symbol, ex_dividend_date, amount, partition_date, source_key, source_version, run_id, loaded_at) VALUES ('DIV', '2026-01-07', 1, '2026-02-02', 'k', 'v', 'r', now())";

    /// <summary>The dividend factor of the first bar (before the ex-date 2026-01-07).</summary>
    private static Task<double> FirstFactorAsync(IDictionary<string, string?> settings) =>
        JobHarness.ScalarAsync<double>(settings, "SELECT dividend_factor FROM market_data.stock_prices_adjusted WHERE symbol = 'DIV' AND price_date = '2026-01-05'", Ct);

    [Fact]
    public async Task Bars_and_dividends_written_in_either_order_give_the_close_before_the_ex_date()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);

        // The dividend first: no bar yet, so it adjusts nothing.
        await JobHarness.ExecuteAsync(settings, Dividend, Ct);
        await JobHarness.ExecuteAsync(settings, $"{Bar("2026-01-05", 100)}; {Bar("2026-01-07", 60)}", Ct);
        Assert.Equal(0.99, await FirstFactorAsync(settings), 10); // 1 - 1 / 100

        // A bar between the kept close and the ex-date becomes the close before it.
        await JobHarness.ExecuteAsync(settings, Bar("2026-01-06", 50), Ct);
        Assert.Equal(0.98, await FirstFactorAsync(settings), 10); // 1 - 1 / 50

        // A restated close, and then the bar removed: back to the bar before it.
        await JobHarness.ExecuteAsync(settings, "UPDATE market_data.fct_stock_prices SET close = 40 WHERE symbol = 'DIV' AND price_date = '2026-01-06'", Ct);
        Assert.Equal(0.975, await FirstFactorAsync(settings), 10); // 1 - 1 / 40
        await JobHarness.ExecuteAsync(settings, "DELETE FROM market_data.fct_stock_prices WHERE symbol = 'DIV' AND price_date = '2026-01-06'", Ct);
        Assert.Equal(0.99, await FirstFactorAsync(settings), 10);

        // A bar after the ex-date moves nothing.
        await JobHarness.ExecuteAsync(settings, Bar("2026-01-08", 10), Ct);
        Assert.Equal(0.99, await FirstFactorAsync(settings), 10);

        // Superseded: the dividend no longer adjusts.
        await JobHarness.ExecuteAsync(settings, "UPDATE market_data.fct_dividends SET superseded_by_partition = '2026-02-03' WHERE symbol = 'DIV'", Ct);
        Assert.Equal(1.0, await FirstFactorAsync(settings), 10);
        Assert.Equal(0L, await JobHarness.ScalarAsync<long>(settings, "SELECT count(*) FROM market_data.dividend_prev_closes WHERE symbol = 'DIV'", Ct));
    }

    [Fact]
    public async Task Truncated_bars_leave_no_close_behind()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await JobHarness.ExecuteAsync(settings, $"{Bar("2026-01-05", 100)}; {Bar("2026-01-07", 60)}; {Dividend}", Ct);
        Assert.Equal(0.99, await FirstFactorAsync(settings), 10);

        await JobHarness.ExecuteAsync(settings, $"TRUNCATE market_data.fct_stock_prices; {Bar("2026-01-05", 50)}; {Bar("2026-01-07", 60)}", Ct);
        Assert.Equal(0.98, await FirstFactorAsync(settings), 10);
    }

    [Fact]
    public async Task A_dividend_loaded_while_uncommitted_bars_wait_reads_them_once_they_commit()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await JobHarness.ExecuteAsync(settings, $"{Bar("2026-01-05", 100)}; {Bar("2026-01-07", 60)}", Ct);
        await using var source = JobHarness.DataSource(settings);

        // The bars' load: a closer bar before the ex-date, not yet committed.
        await using var bars = await source.OpenConnectionAsync(Ct);
        await using var barsTx = await bars.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand(Bar("2026-01-06", 50), bars, barsTx))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // The dividends' load at the same time, in its own transaction.
        await using var dividends = await source.OpenConnectionAsync(Ct);
        var dividendsPid = dividends.ProcessID;
        var dividendLoad = Task.Run(async () =>
        {
            await using var tx = await dividends.BeginTransactionAsync(Ct);
            await using var cmd = new NpgsqlCommand(Dividend, dividends, tx);
            await cmd.ExecuteNonQueryAsync(Ct);
            await tx.CommitAsync(Ct);
        }, Ct);

        // The bars commit only once the dividends' load has finished or waits for them: without the wait, it would
        // keep the close it saw (100, the bars' load still uncommitted) and no trigger would correct it.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await using var watch = await source.OpenConnectionAsync(Ct);
        while (!dividendLoad.IsCompleted && !await WaitsOnLockAsync(watch, dividendsPid, deadline.Token))
        {
            await Task.Delay(20, deadline.Token);
        }

        await barsTx.CommitAsync(Ct);
        await dividendLoad.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(0.98, await FirstFactorAsync(settings), 10); // 1 - 1 / 50
    }

    private static async Task<bool> WaitsOnLockAsync(NpgsqlConnection watch, int pid, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = @pid", watch);
        cmd.Parameters.AddWithValue("pid", pid);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
