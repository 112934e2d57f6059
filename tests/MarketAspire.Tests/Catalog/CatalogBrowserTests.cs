using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Tests.EndToEnd;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// The catalog in a real browser (Debian's Chromium driven by Playwright) against the whole local stack: a partition
/// whose validity check failed shows as failed in the grid and names the MSFT row; the button re-runs it and the grid
/// turns green; every asset of the graph is drawn; unknown names are 404 pages; its database user cannot write. It is
/// opened as a user does, through the link the dashboard shows, which carries the AppHost's per-launch token. The
/// warehouse's owner has a password of its own: the button's run can only log in through the run settings file.
/// </summary>
public class CatalogBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Partition = "2026-11-25";
    private const string OwnerPassword = "browser-test-owner-password-7c2e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalog_shows_why_a_partition_failed_and_its_button_reruns_it_green()
    {
        // The first MSFT response carries a negative price; the one the re-run gets is clean.
        using var stack = new LocalStackArgs(Partition, "MARKET_SIMULATOR_FAULTS=MSFT=negative-price:1", $"REDSHIFT_PASSWORD={OwnerPassword}");
        var owner = new Dictionary<string, string?>(stack.WarehouseSettings) { ["REDSHIFT_PASSWORD"] = OwnerPassword };
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
        builder.Services.AddFakeLogging();
        await using var app = await builder.BuildAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(8));
        await app.StartAsync(timeout.Token);
        var last = MarketAssets.Graph.ServicesInOrder[^1].Name;
        var quality = await app.ResourceNotifications.WaitForResourceAsync(last, e => e.Snapshot.State?.Text is "Finished" or "FailedToStart" or "Exited", timeout.Token);
        Assert.Equal(1, quality.Snapshot.ExitCode);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("catalog", timeout.Token);
        Assert.Contains(ListeningSockets.OfThisProcessTree(), l => l.Port == stack.CatalogPort && l.IsLoopback);
        Assert.DoesNotContain(ListeningSockets.OfThisProcessTree(), l => l.Port == stack.CatalogPort && !l.IsLoopback);

        // The catalog's process, as the kernel holds its environment: the run settings file's path, no owner password.
        var catalogPid = ListeningSockets.OfThisProcessTree().First(l => l.Port == stack.CatalogPort).Pid;
        var environ = (await File.ReadAllTextAsync($"/proc/{catalogPid}/environ", Ct)).Split('\0');
        Assert.DoesNotContain(environ, v => v.Contains(OwnerPassword, StringComparison.Ordinal) || v.StartsWith("REDSHIFT_PASSWORD=", StringComparison.Ordinal));
        var runSettings = environ.Single(v => v.StartsWith("MARKET_CATALOG_RUN_SETTINGS=", StringComparison.Ordinal)).Split('=', 2)[1];
        Assert.True(File.Exists(runSettings));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 } });
        var shots = new Screenshots(page);
        var catalog = stack.CatalogUrl;
        var link = await SignInAsync(app, page, catalog);

        // Lineage: every asset and check of the graph, each asset linking to its page.
        foreach (var asset in MarketAssets.Graph.Assets)
        {
            Assert.Equal($"/assets/{asset.Key.Name}", await page.Locator($"g.node[data-asset='{asset.Key.Name}'] > a.asset").GetAttributeAsync("href"));
        }

        foreach (var check in MarketAssets.Graph.Checks)
        {
            Assert.Equal(1, await page.Locator($"a.check[data-check='{check.Name}']").CountAsync());
        }

        Assert.Equal("node succeeded", await page.Locator("g.node[data-asset='fct_stock_prices']").GetAttributeAsync("class"));
        Assert.Contains($"succeeded · {Partition}", await page.Locator("g.node[data-asset='fct_stock_prices']").TextContentAsync());
        await shots.TakeAsync("lineage");

        // The grid: the partition's checks cell is ERROR and names validity; its assets were materialized.
        await page.GotoAsync($"{catalog}/partitions?end={Partition}");
        var row = page.Locator($"#partition-grid tr[data-partition='{Partition}']");
        Assert.Equal("error", await row.Locator("td.checks").GetAttributeAsync("data-state"));
        Assert.Contains("validity", await row.Locator("td.checks").InnerTextAsync());
        Assert.Equal("materialized", await row.Locator("td[data-asset='fct_stock_prices']").GetAttributeAsync("data-state"));
        await shots.TakeAsync("partitions-failed");

        // Trading days by default (no weekend row), every calendar day on demand.
        Assert.Equal(0, await page.Locator("#partition-grid tr[data-partition='2026-11-22']").CountAsync());
        await page.GotoAsync($"{catalog}/partitions?end={Partition}&days=calendar");
        Assert.Equal("missing", await page.Locator("#partition-grid tr[data-partition='2026-11-22'] td[data-asset='raw_stock_prices']").GetAttributeAsync("data-state"));

        // The check page lists the offending MSFT row the evaluation recorded.
        await page.GotoAsync($"{catalog}/checks/validity");
        var evaluation = page.Locator($"#evaluations tr[data-partition='{Partition}']").First;
        Assert.Equal("ERROR", await evaluation.GetAttributeAsync("data-verdict"));
        Assert.Contains($"MSFT {Partition}: open ", await evaluation.Locator("ul.offending").InnerTextAsync());
        Assert.Contains("low -", await evaluation.Locator("ul.offending").InnerTextAsync());
        await shots.TakeAsync("check-validity");

        // The price chart marks the partition, as a failure naming MSFT.
        await page.GotoAsync($"{catalog}/prices/MSFT");
        Assert.Equal(1, await page.Locator("svg#price-chart polyline#close").CountAsync());
        Assert.Equal("true", await page.Locator($"svg#price-chart g.marker[data-partition='{Partition}']").GetAttributeAsync("data-names-symbol"));
        await shots.TakeAsync("prices-msft");

        // The asset page shows the staging step's metadata with the link to its rejects file, which the catalog serves.
        await page.GotoAsync($"{catalog}/assets/staged_stock_prices?partition={Partition}");
        var rejects = page.Locator("#materializations a.rejects-file").First;
        var rejectsHref = await rejects.GetAttributeAsync("href");
        Assert.StartsWith($"/lake/staged/stock_prices/{Partition}/", rejectsHref);
        var rejectsFile = await page.APIRequest.GetAsync(catalog + rejectsHref);
        Assert.Equal(200, rejectsFile.Status);
        await shots.TakeAsync("asset-staged");

        // While a run of a partition is in progress, its cells say so and its buttons are off, also when posted directly.
        const string busy = "2026-11-24";
        await JobHarness.ExecuteAsync(owner,
            $"INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, status, heartbeat_at) VALUES ('in-progress', 'warehouse', 'staged_stock_prices,stg_stock_prices', '{busy}', now(), 'running', now())", Ct);
        await page.GotoAsync($"{catalog}/partitions?end={Partition}");
        Assert.Equal("running", await page.Locator($"#partition-grid tr[data-partition='{busy}'] td[data-asset='stg_stock_prices']").GetAttributeAsync("data-state"));
        Assert.Equal("missing", await page.Locator($"#partition-grid tr[data-partition='{busy}'] td[data-asset='fct_stock_prices']").GetAttributeAsync("data-state"));
        Assert.Equal("5", await page.Locator("meta[http-equiv='refresh']").GetAttributeAsync("content"));
        await page.GotoAsync($"{catalog}/partitions/{busy}");
        Assert.True(await page.Locator("#materialize-all").IsDisabledAsync());
        Assert.Equal(1, await page.Locator("#busy").CountAsync());
        await page.GotoAsync($"{catalog}/materialize?partition={busy}&asset=raw_stock_prices");
        Assert.True(await page.Locator("#confirm").IsDisabledAsync());
        Assert.Contains($"A run of partition {busy} is in progress", await page.Locator("#refusal").InnerTextAsync());
        var posted = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("document.querySelector('form[method=post]').submit()"), r => r.Request.Method == "POST");
        Assert.Equal(409, posted.Status);
        await page.Locator("#refusal").WaitForAsync();
        Assert.DoesNotContain("/actions/", page.Url);
        await page.GotoAsync($"{catalog}/backfill?from=2026-11-20&to={busy}");
        Assert.True(await page.Locator("#confirm").IsDisabledAsync());
        await JobHarness.ExecuteAsync(owner, "DELETE FROM market_meta.runs WHERE run_id = 'in-progress'", Ct);

        // The button: confirm, watch the Orchestrator's output live, and the grid turns green.
        await page.GotoAsync($"{catalog}/partitions/{Partition}");
        await page.Locator("#materialize-all").ClickAsync();
        await page.Locator("#confirm").ClickAsync();
        await page.WaitForURLAsync("**/actions/*");
        var status = page.Locator("#action-status[data-finished='true']");
        await status.WaitForAsync(new() { Timeout = 300_000 });
        var output = await page.Locator("#action-output").InnerTextAsync();
        Assert.True(await status.InnerTextAsync() == "Finished: succeeded (exit code 0).", output);
        Assert.DoesNotContain(OwnerPassword, output);
        await shots.TakeAsync("action-done");

        await page.GotoAsync($"{catalog}/partitions?end={Partition}");
        row = page.Locator($"#partition-grid tr[data-partition='{Partition}']");
        Assert.Equal("pass", await row.Locator("td.checks").GetAttributeAsync("data-state"));
        foreach (var asset in MarketAssets.Graph.Assets)
        {
            Assert.Equal("materialized", await row.Locator($"td[data-asset='{asset.Key.Name}']").GetAttributeAsync("data-state"));
        }

        Assert.Equal(0, await page.Locator("meta[http-equiv='refresh']").CountAsync());
        await shots.TakeAsync("partitions-green");

        // Runs: every run, the button's backfill among them, each linking to its trace in the dashboard.
        await page.GotoAsync($"{catalog}/runs");
        var runs = await JobHarness.RunsAsync(owner, Ct);
        Assert.Equal(runs.Count, await page.Locator("#runs tr[data-run]").CountAsync());
        Assert.Contains(runs, r => r.Job == "backfill" && r.Status == "succeeded");
        foreach (var run in runs)
        {
            Assert.Matches("^[0-9a-f]{32}$", run.TraceId);
            var href = await page.Locator($"#runs tr[data-run='{run.RunId}'] a.trace").GetAttributeAsync("href");
            Assert.EndsWith($"/traces/detail/{run.TraceId}", href);
        }

        await shots.TakeAsync("runs");

        // Unknown names: a 404 page that says what was not found, never a stack trace.
        foreach (var (path, says) in new[]
                 {
                     ("/assets/no_such_asset", "The graph has no asset 'no_such_asset'"),
                     ("/checks/no_such_check", "The graph has no check 'no_such_check'"),
                     ("/partitions/2026-13-45", "'2026-13-45' is not a partition"),
                     ("/prices/ZZZZ", "The warehouse holds no prices for 'ZZZZ'"),
                     ("/prices/'%3B%20DROP%20TABLE", "The warehouse holds no prices for"),
                     ("/lake/raw/stock_data/2026-11-25/MSFT.json", "The catalog serves only rejects files"),
                     ("/nowhere", "The catalog has no page at /nowhere"),
                 })
        {
            var response = await page.GotoAsync(catalog + path);
            Assert.Equal(404, response!.Status);
            var text = await page.Locator("#not-found").InnerTextAsync();
            Assert.Contains(says, text);
            Assert.DoesNotContain("Exception", await page.ContentAsync());
        }

        // The catalog's database user reads both schemas and cannot write.
        var reader = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = stack.WarehousePort, Database = "dev", Username = "marketaspire_catalog", Password = "marketaspire-catalog-local",
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(reader);
        await connection.OpenAsync(Ct);
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM market_data.fct_stock_prices", connection))
        {
            Assert.True((long)(await read.ExecuteScalarAsync(Ct))! > 0);
        }

        foreach (var write in new[]
                 {
                     "INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, status) VALUES ('x', 'x', 'x', 'x', now(), 'running')",
                     "DELETE FROM market_data.fct_stock_prices",
                     "CREATE TABLE market_data.catalog_was_here (x int)",
                 })
        {
            await using var command = new NpgsqlCommand(write, connection);
            var denied = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }

        // The token appears in one log line, the AppHost's at start; not in the catalog's logs nor anywhere else.
        var token = link[link.IndexOf("?token=", StringComparison.Ordinal)..];
        var withToken = app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Message.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.Equal(["Asset catalog: " + link], withToken.Select(r => r.Message));

        // The run settings file goes with the AppHost.
        await app.StopAsync(Ct);
        Assert.False(Directory.Exists(Path.GetDirectoryName(runSettings)), "the run settings file outlived the AppHost");

        TestContext.Current.SendDiagnosticMessage($"Catalog screenshots: {shots.Directory}");
    }

    /// <summary>
    /// Without the token the catalog answers 401 (its health check stays open); the dashboard's link signs the browser in
    /// and lands on the lineage page without the token in the address.
    /// </summary>
    private static async Task<string> SignInAsync(DistributedApplication app, IPage page, string catalog)
    {
        var link = await CatalogDashboardLink.OfAsync(app, Ct);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(catalog)}/\\?token=[0-9a-f]{{64}}$", link);
        using (var anonymous = new HttpClient())
        {
            using var refused = await anonymous.GetAsync(catalog + "/", Ct);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Healthy", await anonymous.GetStringAsync(catalog + "/health", Ct));
        }

        Assert.Equal(401, (await page.GotoAsync(catalog + "/runs"))!.Status);
        Assert.Equal(200, (await page.GotoAsync(link))!.Status);
        Assert.Equal(catalog + "/", page.Url);
        return link;
    }

    /// <summary>Full-page screenshots of the catalog's pages, kept as files and as the test's attachments.</summary>
    private sealed class Screenshots(IPage page)
    {
        public string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "catalog-screenshots")).FullName;

        public async Task TakeAsync(string name)
        {
            var bytes = await page.ScreenshotAsync(new() { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
            TestContext.Current.AddAttachment(name + ".png", bytes, "image/png");
        }
    }
}
