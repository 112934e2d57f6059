using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.LocalServers;
using Microsoft.Playwright;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>
/// After one run of the local stack, the Aspire dashboard's Metrics page, rendered in a real browser (Debian's Chromium
/// driven by Playwright), shows each service's own meter and instruments, and a run's trace link in the catalog opens
/// that run's trace.
/// </summary>
public class DashboardMetricsTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_shows_each_services_meters_after_one_run()
    {
        using var stack = new LocalStackArgs("2026-11-25",
            $"ASPNETCORE_URLS=http://127.0.0.1:{FreePort.Next()}",
            $"ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
            $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort.Next()}",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args,
            (options, _) => options.DisableDashboard = false, Ct);
        await using var app = await builder.BuildAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);
        var last = MarketAssets.Graph.ServicesInOrder[^1].Name;
        var finished = await app.ResourceNotifications.WaitForResourceAsync(last, e => e.Snapshot.State?.Text is "Finished" or "FailedToStart" or "Exited", timeout.Token);
        Assert.Equal(0, finished.Snapshot.ExitCode);

        // The testing builder moves the dashboard to a random port: its frontend is the endpoint named "http".
        var board = await app.ResourceNotifications.WaitForResourceAsync("aspire-dashboard", e => e.Snapshot.Urls.Any(u => u.Name == "http"), timeout.Token);
        var dashboard = board.Snapshot.Urls.First(u => u.Name == "http").Url.TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var screenshots = Directory.CreateTempSubdirectory("marketaspire-dashboard-").FullName;

        (string Resource, string Meter, string[] Instruments)[] expected =
        [
            ("extractor", "MarketAspire.Extractor", ["marketaspire.api.responses"]),
            ("warehouse", "MarketAspire.Warehouse", ["marketaspire.rows.staged", "marketaspire.rows.loaded"]),
            ("quality", "MarketAspire.Quality", ["marketaspire.checks.evaluations"]),
        ];
        var descriptions = new Dictionary<string, string>
        {
            ["marketaspire.api.responses"] = "Market API responses, by outcome.",
            ["marketaspire.rows.staged"] = "Raw rows parsed and staged for COPY.",
            ["marketaspire.checks.evaluations"] = "Check evaluations, by check, severity and verdict.",
        };
        foreach (var (resource, meter, instruments) in expected)
        {
            await page.GotoAsync($"{dashboard}/metrics/resource/{resource}");
            foreach (var text in instruments.Prepend(meter))
            {
                // The page fills in as the dashboard streams what it received; wait for each name to be drawn.
                await page.GetByText(text, new() { Exact = true }).First.WaitForAsync(new() { Timeout = 60_000 });
            }

            // Opening an instrument shows the description its meter declared.
            await page.GotoAsync($"{dashboard}/metrics/resource/{resource}?meter={meter}&instrument={instruments[0]}");
            await page.GetByText(descriptions[instruments[0]]).First.WaitForAsync(new() { Timeout = 60_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"metrics-{resource}.png"), FullPage = true });
        }

        // The catalog links each run to its trace: the dashboard shows that trace, named after the run's job and partition.
        // (The testing builder moves the dashboard to a random port, so the link's path is followed on the real address.)
        await page.GotoAsync(await CatalogDashboardLink.OfAsync(app, timeout.Token));
        await page.GotoAsync(stack.CatalogUrl + "/runs");
        var quality = page.Locator("#runs tr:has(td:text-is('quality'))").First;
        var trace = new Uri(await quality.Locator("a.trace").GetAttributeAsync("href") ?? throw new InvalidOperationException("no trace link")).PathAndQuery;
        Assert.Matches("^/traces/detail/[0-9a-f]{32}$", trace);
        await page.GotoAsync(dashboard + trace);
        await page.GetByText("quality 2026-11-25").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByText("check validity").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "trace-of-a-run.png"), FullPage = true });

        TestContext.Current.SendDiagnosticMessage($"Dashboard screenshots: {screenshots}");
    }
}
