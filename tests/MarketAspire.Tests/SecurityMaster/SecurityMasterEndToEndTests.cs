using System.Text.RegularExpressions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.Orchestration;
using MarketAspire.Tests.Redshift;

namespace MarketAspire.Tests.SecurityMaster;

/// <summary>
/// The simulator's lists end to end through the Orchestrator: a dated snapshot of a past date, then a daily run (landing
/// → dim_securities history → the README's as-of query → freshness treating a delisted symbol as ended).
/// </summary>
public partial class SecurityMasterEndToEndTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dated_snapshot_and_a_daily_run_give_the_history_the_README_query_and_a_delisted_symbol_ended_not_late()
    {
        await using var stack = await new BackfillTests(servers).StartAsync(symbols: "IBM,OLDCO,MOVR");

        // A dated snapshot for a past date: the two lists of 2015-06-30 (LISTING_STATUS has an "as of"), no price.
        var snapshot = await stack.BackfillAsync("backfill", "--from", "2015-06-30", "--to", "2015-06-30", "--asset", "raw_listing_status", "--downstream");
        Assert.True(snapshot.Succeeded, stack.Output.ToString());
        Assert.Equal(2, stack.Simulator.Counter.Admitted);
        Assert.Contains("plan: 1 partition(s) + up to 2 for LISTING_STATUS (active and delisted, once per landing date) = 2 API request(s)", stack.Output.ToString(), StringComparison.Ordinal);

        // A later daily run: 3 prices, 6 corporate-action lists, 2 listing lists; the checks pass although OLDCO's last bar is in 2015.
        var daily = await stack.BackfillAsync("backfill", "--from", "2026-11-25", "--to", "2026-11-25");
        Assert.True(daily.Succeeded, stack.Output.ToString());
        Assert.Equal(2 + 3 + 6 + 2, stack.Simulator.Counter.Admitted);

        // History: OLDCO active as listed on 2015-06-30, delisted (2015-09-18) from the 2026-11-25 lists; MOVR moved exchange.
        Assert.Equal(
            "MOVR|Active|NYSE MKT|2015-06-30|2026-11-25;MOVR|Active|NASDAQ|2026-11-25|;OLDCO|Active|NYSE|2015-06-30|2026-11-25;OLDCO|Delisted|NYSE|2026-11-25|",
            await JobHarness.ScalarAsync<string>(stack.Settings,
                """
                SELECT string_agg(concat_ws('|', symbol, listing_status, exchange, valid_from, coalesce(valid_until::text, '')), ';' ORDER BY symbol, valid_from)
                FROM market_data.dim_securities WHERE symbol IN ('MOVR', 'OLDCO')
                """, Ct));

        // The README's query, as written there: which of these were listed on 2015-06-30, and which were delisted since.
        var query = ReadmeQuery();
        Assert.Empty(RedshiftSqlLint.Load().Check(query, RedshiftSqlLint.ColumnsOf(RedshiftMigration()).ToHashSet(StringComparer.OrdinalIgnoreCase)));
        Assert.Equal(
            "IBM|NYSE|1962-01-02||still listed;MOVR|NASDAQ|2005-04-04||still listed;OLDCO|NYSE|2000-01-03|2015-09-18|delisted since",
            await JobHarness.ScalarAsync<string>(stack.Settings,
                $"SELECT string_agg(concat_ws('|', symbol, exchange, ipo_date, coalesce(delisting_date::text, ''), since), ';' ORDER BY symbol) FROM ({query.TrimEnd(';', '\n', '\r')}) q", Ct));

        // Freshness: OLDCO ended (delisted before the expected day), not late.
        Assert.Equal("true|[]|[{\"symbol\": \"OLDCO\", \"delisted\": \"2015-09-18\"}]", await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT concat_ws('|', passed::text, metadata->'late', metadata->'ended') FROM market_meta.check_evaluations WHERE check_name = 'freshness' AND partition_date = '2026-11-25'", Ct));
    }

    private static string RepoFile(params string[] path)
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repo.FullName, "MarketAspire.sln")))
        {
            repo = repo.Parent ?? throw new InvalidOperationException("no MarketAspire.sln above the test's folder");
        }

        return File.ReadAllText(Path.Combine([repo.FullName, .. path]));
    }

    private static string ReadmeQuery() => ReadmeBlock().Match(RepoFile("README.md")) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("README.md has no <!-- universe-query --> block");

    private static string RedshiftMigration() => RepoFile("sql", "redshift", "V010__security_master.sql");

    [GeneratedRegex(@"<!-- universe-query[^>]*-->\s*```sql\s*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeBlock();
}
