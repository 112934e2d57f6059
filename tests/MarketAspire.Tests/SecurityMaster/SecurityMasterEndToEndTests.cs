using System.Net;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Catalog.Security;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Catalog;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.Orchestration;
using MarketAspire.Tests.Redshift;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.SecurityMaster;

/// <summary>
/// The simulator's lists end to end through the Orchestrator: a dated snapshot of a past date, then a daily run (landing
/// → dim_securities history → the README's as-of query → freshness treating a delisted symbol as ended → the catalog's
/// universe page and listing history, read as its read-only user behind its token).
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
        var query = DocumentedQuery("README.md", "universe-query");
        Assert.Empty(RedshiftSqlLint.Load().Check(query, RedshiftSqlLint.ColumnsOf(RedshiftMigration()).ToHashSet(StringComparer.OrdinalIgnoreCase)));
        Assert.Equal(
            "IBM|NYSE|1962-01-02||still listed;MOVR|NASDAQ|2005-04-04||still listed;OLDCO|NYSE|2000-01-03|2015-09-18|delisted since",
            await JobHarness.ScalarAsync<string>(stack.Settings,
                $"SELECT string_agg(concat_ws('|', symbol, exchange, ipo_date, coalesce(delisting_date::text, ''), since), ';' ORDER BY symbol) FROM ({query.TrimEnd(';', '\n', '\r')}) q", Ct));

        // Freshness: OLDCO ended (delisted before the expected day), not late.
        Assert.Equal("true|[]|[{\"symbol\": \"OLDCO\", \"delisted\": \"2015-09-18\"}]", await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT concat_ws('|', passed::text, metadata->'late', metadata->'ended') FROM market_meta.check_evaluations WHERE check_name = 'freshness' AND partition_date = '2026-11-25'", Ct));

        // A ticker change is only a candidate for the user to confirm: same name, delisted the day the other symbol listed.
        Assert.Equal("RENM>RNMD 2019-04-01", await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT string_agg(old_symbol || '>' || new_symbol || ' ' || changed_on::text, ',') FROM market_data.ticker_change_candidates", Ct));

        // The curated Parquet answers the same question in DuckDB, with the README's query.
        Assert.Equal(["IBM|NYSE", "MOVR|NASDAQ", "OLDCO|NYSE"], await DuckDbUniverseAsync(stack.Settings));

        await AssertTheCatalogShowsTheUniverseAsync(stack.Settings);
    }

    private async Task<List<string>> DuckDbUniverseAsync(Dictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("securities-").FullName;
        try
        {
            using var s3 = (await servers.S3).CreateClient();
            using (var response = await s3.GetObjectAsync(settings["S3_BUCKET_NAME"], LakeKeys.CuratedSecurities, Ct))
            {
                Directory.CreateDirectory(Path.Combine(folder, "curated", "securities"));
                await using var file = File.Create(Path.Combine(folder, LakeKeys.CuratedSecurities));
                await response.ResponseStream.CopyToAsync(file, Ct);
            }

            await using var duck = new DuckDBConnection("Data Source=:memory:");
            await duck.OpenAsync(Ct);
            await using var cmd = duck.CreateCommand();
            cmd.CommandText = DocumentedQuery("docs/data.md", "universe-duckdb").Replace("'curated/", $"'{folder}/curated/", StringComparison.Ordinal);
            var rows = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}");
            }

            return rows;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task With_a_days_quota_spent_by_the_prices_and_corporate_actions_the_lists_wait_and_the_run_succeeds()
    {
        await using var stack = await new BackfillTests(servers).StartAsync(symbols: "IBM");
        stack.Settings["MARKET_API_REQUESTS_PER_DAY"] = "3";

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-25", "--to", "2026-11-25", "--yes");

        Assert.True(result.Succeeded, stack.Output.ToString());
        Assert.Equal(1 + 2, stack.Simulator.Counter.Admitted); // the price and both corporate-action lists; no list request
        Assert.Contains("client-side daily limit of 3 requests", await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT metadata->>'stop_reason' FROM market_meta.materializations WHERE asset = 'raw_listing_status' AND status = 'succeeded'", Ct), StringComparison.Ordinal);
        Assert.Equal(0, await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.dim_securities", Ct));
    }

    [Fact]
    public async Task A_month_end_universe_backfill_stopped_by_the_quota_is_resumed_by_the_same_command_the_next_day()
    {
        await using var stack = await new BackfillTests(servers).StartAsync(symbols: "IBM");
        string[] command = ["backfill", "--from", "2015-06-30", "--to", "2015-08-31", "--asset", "raw_listing_status", "--downstream", "--month-ends", "--concurrency", "1", "--yes"];

        // Day 1: 3 requests left for 3 month-ends (6 lists): the backfill stops, it does not record the rest as done.
        stack.Settings["MARKET_API_REQUESTS_PER_DAY"] = "3";
        var first = await stack.BackfillAsync(command);
        Assert.False(first.Succeeded, stack.Output.ToString());
        Assert.Contains("quota", first.StopReason, StringComparison.Ordinal);

        // Day 2 (a new day's quota): the same command lands every list the first day did not.
        stack.Settings["MARKET_API_REQUESTS_PER_DAY"] = "25";
        var second = await stack.BackfillAsync(command);
        Assert.True(second.Succeeded, stack.Output.ToString());
        Assert.Equal("2015-06-30:2,2015-07-31:2,2015-08-31:2", await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT string_agg(d || ':' || n, ',' ORDER BY d) FROM (SELECT partition_date::text AS d, count(*) AS n FROM market_data.listing_status_lists WHERE outcome = 'list' GROUP BY partition_date) l", Ct));
    }

    private static async Task AssertTheCatalogShowsTheUniverseAsync(Dictionary<string, string?> settings)
    {
        const string Token = "universe-test-token-0123456789abcdef";
        const string Password = JobHarness.CatalogPassword;
        await JobHarness.EnsureCatalogUserAsync(settings, Ct);

        await using var catalog = await CatalogProcess.StartAsync(new Dictionary<string, string?>(settings)
        {
            ["REDSHIFT_PASSWORD"] = null, ["MARKET_DB_PASSWORD_CATALOG"] = Password, ["MARKET_CATALOG_TOKEN"] = Token,
        }, Ct);
        using var client = catalog.Client();
        using (var anonymous = await client.GetAsync("/universe?date=2015-06-30", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        client.DefaultRequestHeaders.Add("Cookie", $"{AccessToken.CookieName}={AccessToken.CookieValue(Token)}");
        using var listed = await client.GetAsync("/universe?date=2015-06-30&type=Stock", Ct);
        var page = await listed.Content.ReadAsStringAsync(Ct);
        Assert.True(listed.StatusCode == HttpStatusCode.OK, page);
        var symbols = Regex.Matches(page, "data-symbol=\"([A-Z.-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["AAPL", "ACME", "AMZN", "GOOGL", "IBM", "JPM", "META", "MOVR", "MSFT", "NVDA", "OLDCO", "RENM"], symbols); // no SPY (an ETF), GONE (gone by then), ACMEW (later)

        using var delisted = await client.GetAsync("/universe?status=Delisted", Ct);
        Assert.Equal(["GONE", "OLDCO", "RENM", "SPCU"], Regex.Matches(await delisted.Content.ReadAsStringAsync(Ct), "data-symbol=\"([A-Z.-]+)\"").Select(m => m.Groups[1].Value));

        using var bad = await client.GetAsync("/universe?date=30/06/2015", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var history = await client.GetStringAsync("/prices/OLDCO", Ct);
        Assert.Contains("id=\"listing-history\"", history, StringComparison.Ordinal);
        Assert.Equal(["Active", "Delisted"], Regex.Matches(history, "<tr data-status=\"(\\w+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("2015-09-18", history, StringComparison.Ordinal);
    }

    private static string RepoFile(params string[] path) => File.ReadAllText(Path.Combine([RepoPaths.Root, .. path]));

    /// <summary>The SQL block after the <c>&lt;!-- marker ... --&gt;</c> comment in a documentation file.</summary>
    private static string DocumentedQuery(string file, string marker)
    {
        var text = RepoFile(file.Split('/'));
        var at = text.IndexOf($"<!-- {marker}", StringComparison.Ordinal);
        return at >= 0 && SqlBlock().Match(text, at) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{file} has no <!-- {marker} --> block");
    }

    private static string RedshiftMigration() => RepoFile("sql", "redshift", "V010__security_master.sql");

    [GeneratedRegex(@"\G<!--[^>]*-->\s*```sql\s*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
