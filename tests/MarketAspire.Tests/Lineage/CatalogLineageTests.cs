using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MarketAspire.AppHost.Catalog;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Catalog;
using MarketAspire.Tests.EndToEnd;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Lineage;

/// <summary>
/// Runs started from the catalog's buttons emit lineage as scheduled runs do, though the catalog never holds the lineage
/// endpoint or its API key: the AppHost gives the catalog the transport and puts the rest in its run settings file.
/// </summary>
public class CatalogLineageTests(SharedServers servers)
{
    private const string ApiKey = "catalog-lineage-key-8d41";
    private const string LineageUrl = "http://127.0.0.1:9/api/v1/lineage";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_AppHost_gives_its_runs_the_lineage_settings_and_the_catalog_only_the_transport_with_the_rest_in_its_run_settings_file()
    {
        using var stack = new LocalStackArgs("2026-11-25", "MARKET_OPENLINEAGE_TRANSPORT=http", $"MARKET_OPENLINEAGE_URL={LineageUrl}",
            $"MARKET_OPENLINEAGE_API_KEY={ApiKey}", "SENSOR_LOOKBACK_TRADING_DAYS=7", "ALERT_WEBHOOK_URL=http://127.0.0.1:9/hook",
            "QUALITY_PRICE_JUMP_PERCENT=40", "S3_MAX_ATTEMPTS=3", "MARKET_RUN_HEARTBEAT_SECONDS=120");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        // The schedule and the dashboard's commands run the Orchestrator wired as the status resource; the jobs likewise.
        foreach (var name in new[] { "status", "extractor", "quality" })
        {
            var environment = await EnvironmentOfAsync(builder, name);
            Assert.Equal(("http", LineageUrl, ApiKey), (environment["MARKET_OPENLINEAGE_TRANSPORT"], environment["MARKET_OPENLINEAGE_URL"], environment["MARKET_OPENLINEAGE_API_KEY"]));

            // A tuning key of the AppHost's .env reaches the jobs, which read no .env themselves.
            Assert.Equal(("40", "3"), (environment["QUALITY_PRICE_JUMP_PERCENT"], environment["S3_MAX_ATTEMPTS"]));
        }

        var sensor = await EnvironmentOfAsync(builder, "sensor");
        Assert.Equal(("7", "http://127.0.0.1:9/hook"), (sensor["SENSOR_LOOKBACK_TRADING_DAYS"], sensor["ALERT_WEBHOOK_URL"]));

        // The sensor judges abandoned runs by the jobs' heartbeat: it must count the same interval they stamp at.
        Assert.Equal("120", sensor["MARKET_RUN_HEARTBEAT_SECONDS"]);

        var catalog = await EnvironmentOfAsync(builder, "catalog");
        try
        {
            Assert.Equal(("http", "7"), (catalog["MARKET_OPENLINEAGE_TRANSPORT"], catalog["SENSOR_LOOKBACK_TRADING_DAYS"]));
            Assert.Equal("40", catalog["QUALITY_PRICE_JUMP_PERCENT"]);
            var run = MarketAspire.Catalog.Actions.RunEnvironment.For(new System.Collections.Hashtable(catalog));
            Assert.Equal(("40", "3"), (run["QUALITY_PRICE_JUMP_PERCENT"], run["S3_MAX_ATTEMPTS"]));
            Assert.DoesNotContain("MARKET_OPENLINEAGE_URL", catalog.Keys);
            Assert.DoesNotContain("MARKET_OPENLINEAGE_API_KEY", catalog.Keys);
            Assert.DoesNotContain(catalog.Values, value => value.Contains(ApiKey, StringComparison.Ordinal));
            var file = await File.ReadAllLinesAsync(catalog[SettingKeys.CatalogRunSettings], Ct);
            Assert.Contains($"MARKET_OPENLINEAGE_API_KEY='{ApiKey}'", file);
            Assert.Contains($"MARKET_OPENLINEAGE_URL='{LineageUrl}'", file);
        }
        finally
        {
            CatalogRunSettings.Remove(catalog);
        }
    }

    [Fact]
    public async Task A_run_started_from_the_catalog_posts_its_lineage_with_the_key_the_catalog_never_holds()
    {
        await using var marquez = LineageReceiver.Start();
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        const string CatalogPassword = JobHarness.CatalogPassword;
        await JobHarness.EnsureCatalogUserAsync(settings, Ct);

        // As the AppHost launches it: the run secrets (the owner's password, the lineage endpoint and key) in the file.
        using var runSettings = new RunSettingsFile();
        var file = await runSettings.WriteAsync(new Dictionary<string, string>
        {
            [SettingKeys.RedshiftPassword] = settings[SettingKeys.RedshiftPassword]!,
            [SettingKeys.OpenLineageUrl] = marquez.Url,
            [SettingKeys.OpenLineageApiKey] = ApiKey,
        }, Ct);
        await using var catalog = await CatalogProcess.StartAsync(new Dictionary<string, string?>(settings)
        {
            [SettingKeys.RedshiftPassword] = null,
            ["MARKET_DB_PASSWORD_CATALOG"] = CatalogPassword,
            [SettingKeys.OrchestratorProject] = Path.Combine(RepoPaths.Root, "Orchestrator", "Orchestrator.csproj"),
            [SettingKeys.CatalogRunSettings] = file,
            [SettingKeys.OpenLineageTransport] = "http",
        }, Ct);

        using var client = catalog.Client();
        const string Page = "/materialize?partition=2026-11-25&asset=staged_stock_prices";
        var form = await CatalogUnderAttack.FormAsync(client, Page, Ct);
        using var post = new HttpRequestMessage(HttpMethod.Post, Page)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = form.Token }),
        };
        post.Headers.TryAddWithoutValidation("Cookie", form.Cookie);
        using var started = await client.SendAsync(post, Ct);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var action = started.Headers.Location!.OriginalString;
        var progress = await WaitUntilFinishedAsync(client, action);

        // The run's START and its end reached the receiver with the key; the events are the spec's.
        OpenLineageSchemas.AssertValid(marquez.Events);
        var events = marquez.Events.Select(e => JsonNode.Parse(e)!).ToList();
        Assert.True(events.Count >= 2, progress);
        Assert.Contains(events, e => e["job"]!["name"]!.GetValue<string>() == "warehouse.staged_stock_prices" && e["eventType"]!.GetValue<string>() == "START");
        Assert.Contains(events, e => e["job"]!["name"]!.GetValue<string>() == "warehouse.staged_stock_prices" && e["eventType"]!.GetValue<string>() is "COMPLETE" or "FAIL");
        Assert.All(marquez.Authorizations, a => Assert.Equal($"Bearer {ApiKey}", a));

        // The catalog's process, its pages and the run's progress page never held the key.
        Assert.DoesNotContain(ApiKey, catalog.EnvironmentAndCommandLine);
        Assert.DoesNotContain("MARKET_OPENLINEAGE_API_KEY=", catalog.EnvironmentAndCommandLine);
        foreach (var path in new[] { "/", "/runs", action })
        {
            Assert.DoesNotContain(ApiKey, await client.GetStringAsync(path, Ct));
        }

        Assert.DoesNotContain(ApiKey, progress);
        Assert.DoesNotContain(ApiKey, catalog.Output);
    }

    private static async Task<string> WaitUntilFinishedAsync(HttpClient client, string action)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        while (true)
        {
            var progress = await client.GetStringAsync($"{action}/progress", timeout.Token);
            if (JsonDocument.Parse(progress).RootElement.GetProperty("finished").GetBoolean())
            {
                return progress;
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(IDistributedApplicationTestingBuilder builder, string resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(builder.Resources.Single(r => r.Name == resource)).WithEnvironmentVariablesConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, Ct);
        return configuration.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
