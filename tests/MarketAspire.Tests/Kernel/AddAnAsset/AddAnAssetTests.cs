using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MarketAspire.AppHost;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AppHost.Orchestration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Catalog.Lineage;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Orchestrator;
using MarketAspire.Quality;
using MarketAspire.Quality.Checks;
using MarketAspire.Tests.Deployment;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.Orchestration;
using MarketAspire.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.Tests.Kernel.AddAnAsset;

/// <summary>
/// The proof that an asset is a unit: <c>weekly_bars</c> (warehouse service) and its check, added in three files
/// (<see cref="WeeklyBarsAsset"/>, <see cref="WeeklyBarsCheck"/>, <see cref="WeeklyBarsGraph"/>), run through every
/// runtime's own code with nothing else changed.
/// </summary>
public class AddAnAssetTests(SharedServers servers)
{
    private const string Day = "2026-11-25";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<ServiceModule> Modules() =>
    [
        .. ServiceModules.All.Where(m => m.Service is not MarketAssets.Warehouse and not MarketAssets.Quality),
        WarehouseModule.Module.With(b => b.Services.AddAsset<WeeklyBarsAsset>()),
        QualityModule.Module.With(b => b.Services.AddSingleton<IAssetCheck, WeeklyBarsCheck>()),
    ];

    [Fact]
    public async Task A_new_asset_and_check_are_planned_run_versioned_checked_and_made_stale_by_the_Orchestrator()
    {
        await using var stack = await new BackfillTests(servers).StartAsync();

        var result = await stack.BackfillAsync(WeeklyBarsGraph.Graph, Modules(), "backfill", "--from", Day, "--to", Day);

        Assert.True(result.Succeeded, stack.Output.ToString());
        var grid = await stack.StatusAsync(Day, Day, WeeklyBarsGraph.Graph);
        var partition = Assert.Single(grid.Partitions);
        Assert.Equal(PartitionState.Materialized, grid[WeeklyBarsGraph.WeeklyBars, partition].State);
        Assert.Empty(grid.Checks(partition).Errors);
        Assert.Equal(1L, await JobHarness.ScalarAsync<long>(stack.Settings,
            "SELECT count(*) FROM market_meta.check_evaluations WHERE check_name = 'weekly_bars_cover_the_week' AND passed", Ct));

        // Its data version is its input's version and its code version, by the rule written out here, not the runner's code.
        var records = await stack.Meta.LatestMaterializationsAsync(partition, partition, Ct);
        var fact = records.Single(m => m.Asset == MarketAssets.FctStockPrices);
        var weekly = records.Single(m => m.Asset == WeeklyBarsGraph.WeeklyBars);
        Assert.Equal(new Dictionary<string, string> { ["fct_stock_prices"] = fact.DataVersion! }, weekly.InputVersions);
        Assert.Equal(DataVersions.Of([("fct_stock_prices", fact.DataVersion!), ("code", "1")]), weekly.DataVersion);
        var bars = await JobHarness.ScalarAsync<long>(stack.Settings,
            "SELECT count(*) FROM market_data.fct_stock_prices WHERE price_date BETWEEN DATE '2026-11-23' AND DATE '2026-11-25'", Ct);
        Assert.Equal($"{{\"bars\": {bars}, \"symbols\": 3, \"week_of\": \"2026-11-23\"}}", await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT (metadata - 'duration_ms')::text FROM market_meta.materializations WHERE asset = 'weekly_bars'", Ct));

        // Its code changes: stale, planned, and only its service runs again; a backfill with nothing changed runs nothing.
        var changed = WeeklyBarsGraph.With(codeVersion: "2");
        var stale = await stack.StatusAsync(Day, Day, changed);
        Assert.Equal((PartitionState.Stale, "code version 1 -> 2"), (stale[WeeklyBarsGraph.WeeklyBars, partition].State, stale[WeeklyBarsGraph.WeeklyBars, partition].Reason));
        Assert.Equal([MarketAssets.Warehouse, MarketAssets.Quality],
            BackfillPlanner.Plan(changed, stale, partition, [WeeklyBarsGraph.WeeklyBars], force: false).Select(s => s.Name));
        Assert.Empty(BackfillPlanner.Plan(WeeklyBarsGraph.Graph, grid, partition, [.. WeeklyBarsGraph.Graph.Assets.Select(a => a.Key)], force: false));

        var again = await stack.BackfillAsync(changed, Modules(), "backfill", "--from", Day, "--to", Day, "--asset", "weekly_bars");
        Assert.True(again.Succeeded, stack.Output.ToString());
        var after = await stack.Meta.LatestMaterializationsAsync(partition, partition, Ct);
        Assert.Equal(DataVersions.Of([("fct_stock_prices", fact.DataVersion!), ("code", "2")]), after.Single(m => m.Asset == WeeklyBarsGraph.WeeklyBars).DataVersion);
        Assert.Equal(PartitionState.Materialized, (await stack.StatusAsync(Day, Day, changed))[WeeklyBarsGraph.WeeklyBars, partition].State);
    }

    [Fact]
    public void The_catalogs_lineage_and_the_deployed_template_show_the_new_asset_and_its_check()
    {
        var layout = new LineageLayout(WeeklyBarsGraph.Graph);
        var node = Assert.Single(layout.Nodes, n => n.Asset.Key == WeeklyBarsGraph.WeeklyBars);
        Assert.Contains(layout.Edges, e => e.From.Asset.Key == MarketAssets.FctStockPrices && e.To == node);
        Assert.Contains(WeeklyBarsCheck.CoverTheWeek, node.Checks);

        var template = StackTemplateTests.Synthesize(WeeklyBarsGraph.Graph);
        var descriptions = template.GetProperty("Resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("Type").GetString() == "AWS::Lambda::Function")
            .Select(r => r.Value.GetProperty("Properties").TryGetProperty("Description", out var d) ? d.GetString() : null);
        Assert.Contains(descriptions, d => d is not null && d.StartsWith("MarketAspire warehouse:", StringComparison.Ordinal) && d.EndsWith(", weekly_bars", StringComparison.Ordinal));
    }

    [Fact]
    public void The_AppHost_gives_the_warehouse_job_a_dashboard_command_for_the_new_asset()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var settings = LocalStackSettings.From(builder.Configuration, Path.Combine(RepoPaths.Root, "AppHost"));
        var infrastructure = new LocalInfrastructure(settings,
            builder.AddExecutable("warehouse-db", "true", "."), builder.AddExecutable("s3", "true", "."),
            builder.AddParameter("warehouse-password", "local", secret: true));

        var jobs = builder.AddServiceResources(WeeklyBarsGraph.Graph, infrastructure, Day, (_, job) => infrastructure.Wire(job));
        builder.AddOrchestration(settings, Day, jobs, WeeklyBarsGraph.Graph, resource => infrastructure.Wire(resource));

        var commands = jobs[MarketAssets.Warehouse].Resource.Annotations.OfType<ResourceCommandAnnotation>().ToList();
        var command = Assert.Single(commands, c => c.Name == "materialize-weekly_bars");
        Assert.Equal("Materialize weekly_bars and downstream", command.DisplayName);
        Assert.Equal(WeeklyBarsGraph.Graph.AssetsOf(MarketAssets.Warehouse).Count, commands.Count(c => c.Name.StartsWith("materialize", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_Lambda_handler_of_the_warehouse_materializes_the_new_asset()
    {
        await using var stack = await new BackfillTests(servers).StartAsync();
        Assert.True((await stack.BackfillAsync(MarketAssets.Graph, ServiceModules.All, "backfill", "--from", Day, "--to", Day)).Succeeded, stack.Output.ToString());

        await using var lambda = new LambdaHandlerTests.FakeLambda($$"""{"partition": "{{Day}}"}""");
        await lambda.StartAsync();
        var module = Modules().Single(m => m.Service == MarketAssets.Warehouse);
        using var host = JobHarness.Builder(stack.Settings).BuildJobHost(module, WeeklyBarsGraph.Graph);
        await host.StartAsync(Ct);
        var exit = await LambdaRuntime.ServeAsync(host, $"127.0.0.1:{lambda.Port}", module.Commands, Ct);
        await host.StopAsync(Ct);

        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.Contains("\"service\":\"warehouse\"", lambda.Posts["request-1/response"]);
        Assert.Equal(1L, await JobHarness.ScalarAsync<long>(stack.Settings,
            "SELECT count(*) FROM market_meta.materializations WHERE asset = 'weekly_bars' AND status = 'succeeded'", Ct));
        var grid = await stack.StatusAsync(Day, Day, WeeklyBarsGraph.Graph);
        Assert.All(WeeklyBarsGraph.Graph.Assets, a => Assert.Equal(PartitionState.Materialized, grid[a.Key, grid.Partitions[0]].State));
    }
}
