using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Orchestrator;

namespace MarketAspire.Tests.Orchestration;

/// <summary>
/// The status grid and the backfill planner as pure functions of the records: no database, no servers.
/// </summary>
public class StatusGridTests
{
    private static readonly AssetGraphDefinition Graph = MarketAssets.Graph;
    private static readonly DailyPartition Monday = DailyPartition.Parse("2026-11-23");
    private static readonly DailyPartition Tuesday = DailyPartition.Parse("2026-11-24");
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A successful materialization of every asset of the partition, each built from its upstream's version.</summary>
    private static List<LatestMaterialization> Loaded(DailyPartition partition, DateTimeOffset at) =>
        Graph.Assets.Select((asset, i) => Succeeded(asset.Key, partition, at.AddMinutes(i))).ToList();

    private static LatestMaterialization Succeeded(AssetKey asset, DailyPartition partition, DateTimeOffset at, string? codeVersion = null) =>
        new(asset, partition, RunStatus.Succeeded, $"v-{asset.Name}",
            Graph[asset].Upstream.ToDictionary(u => u.Name, u => $"v-{u.Name}"),
            codeVersion ?? Graph[asset].CodeVersion, at, null);

    private static List<CheckEvaluationSummary> Evaluated(DailyPartition partition, DateTimeOffset at, params string[] failed) =>
        Graph.Checks.Select(c => new CheckEvaluationSummary(c.Name, partition, c.Severity, !failed.Contains(c.Name), at)).ToList();

    private static AssetStatusGrid Grid(List<LatestMaterialization> materializations, List<CheckEvaluationSummary>? evaluations = null) =>
        new(Graph, [Monday, Tuesday], materializations, evaluations ?? []);

    [Fact]
    public void A_fully_loaded_and_checked_partition_is_up_to_date_and_the_planner_runs_nothing()
    {
        var grid = Grid(Loaded(Tuesday, Noon), Evaluated(Tuesday, Noon.AddHours(1)));

        Assert.All(Graph.Assets, a => Assert.Equal(PartitionState.Materialized, grid[a.Key, Tuesday].State));
        Assert.All(Graph.Assets, a => Assert.Equal(PartitionState.Missing, grid[a.Key, Monday].State));
        Assert.True(grid.CheckedAfterMaterialization[Tuesday]);
        Assert.Equal(Graph.Checks.Count, grid.Checks(Tuesday).Passed);
        Assert.Empty(BackfillPlanner.Plan(Graph, grid, Tuesday, [.. Graph.Assets.Select(a => a.Key)], force: false));
        Assert.Equal([MarketAssets.Extractor, MarketAssets.Warehouse, MarketAssets.Quality],
            BackfillPlanner.Plan(Graph, grid, Monday, [.. Graph.Assets.Select(a => a.Key)], force: false).Select(s => s.Name));
    }

    [Fact]
    public void A_new_upstream_version_makes_downstream_stale_and_plans_its_service_and_everything_after()
    {
        var records = Loaded(Tuesday, Noon);
        records.Add(Succeeded(MarketAssets.RawStockPrices, Tuesday, Noon.AddHours(2)) with { DataVersion = "v-new" });
        var grid = Grid(records, Evaluated(Tuesday, Noon.AddHours(1)));

        Assert.Equal(PartitionState.Materialized, grid[MarketAssets.RawStockPrices, Tuesday].State);
        var staged = grid[MarketAssets.StagedStockPrices, Tuesday];
        Assert.Equal((PartitionState.Stale, "raw_stock_prices is now v-new, built from v-raw_stock_prices"), (staged.State, staged.Reason));
        Assert.Equal([MarketAssets.Warehouse, MarketAssets.Quality],
            BackfillPlanner.Plan(Graph, grid, Tuesday, [.. Graph.Assets.Select(a => a.Key)], force: false).Select(s => s.Name));
    }

    [Fact]
    public void A_changed_code_version_and_a_failed_attempt_are_told_apart_with_their_reasons()
    {
        var records = Loaded(Tuesday, Noon);
        records.Add(Succeeded(MarketAssets.FctStockPrices, Tuesday, Noon.AddHours(1), codeVersion: "old"));
        records.Add(new LatestMaterialization(MarketAssets.RawStockPrices, Monday, RunStatus.Failed, null, new Dictionary<string, string>(), "c", Noon, "quota spent"));
        var grid = Grid(records);

        Assert.Equal((PartitionState.Stale, $"code version old -> {Graph[MarketAssets.FctStockPrices].CodeVersion}"),
            (grid[MarketAssets.FctStockPrices, Tuesday].State, grid[MarketAssets.FctStockPrices, Tuesday].Reason));
        Assert.Equal((PartitionState.Failed, "quota spent"), (grid[MarketAssets.RawStockPrices, Monday].State, grid[MarketAssets.RawStockPrices, Monday].Reason));

        var text = StatusRenderer.Render(grid, []);
        Assert.Contains("2026-11-23  FAILED ", text);
        Assert.Contains("  2026-11-23 raw_stock_prices: failed: quota spent", text);
        Assert.Contains("  2026-11-24 fct_stock_prices: stale: code version old -> ", text);
        Assert.True(text.IndexOf("2026-11-24", StringComparison.Ordinal) < text.IndexOf("2026-11-23", StringComparison.Ordinal), "newest partition first");
    }

    [Fact]
    public void Checks_show_errors_before_warnings_and_an_error_or_an_evaluation_older_than_the_load_replans_only_the_checks()
    {
        var records = Loaded(Tuesday, Noon);
        var failing = Grid(records, Evaluated(Tuesday, Noon.AddHours(1), MarketChecks.Validity.Name, MarketChecks.PriceJump.Name));
        var stale = Grid(records, Evaluated(Tuesday, Noon.AddMinutes(-5)));
        var warned = Grid(records, Evaluated(Tuesday, Noon.AddHours(1), MarketChecks.PriceJump.Name));

        Assert.Equal([MarketChecks.Validity.Name], failing.Checks(Tuesday).Errors);
        Assert.Equal([MarketChecks.PriceJump.Name], failing.Checks(Tuesday).Warnings);
        Assert.Contains(" ERROR validity", StatusRenderer.Render(failing, []));
        Assert.Contains(" WARN price_jump", StatusRenderer.Render(warned, []));
        Assert.Contains($" passed ({Graph.Checks.Count})", StatusRenderer.Render(Grid(records, Evaluated(Tuesday, Noon.AddHours(1))), []));
        Assert.False(stale.CheckedAfterMaterialization[Tuesday]);

        IReadOnlyList<AssetKey> all = [.. Graph.Assets.Select(a => a.Key)];
        Assert.Equal([MarketAssets.Quality], BackfillPlanner.Plan(Graph, failing, Tuesday, all, force: false).Select(s => s.Name));
        Assert.Equal([MarketAssets.Quality], BackfillPlanner.Plan(Graph, stale, Tuesday, all, force: false).Select(s => s.Name));
        Assert.Empty(BackfillPlanner.Plan(Graph, warned, Tuesday, all, force: false));
        Assert.Equal([MarketAssets.Quality], BackfillPlanner.Plan(Graph, warned, Tuesday, all, force: false, forceChecks: true).Select(s => s.Name));
    }

    [Fact]
    public void The_selection_limits_the_plan_and_force_runs_it_regardless()
    {
        var grid = Grid(Loaded(Tuesday, Noon), Evaluated(Tuesday, Noon.AddHours(1)));

        Assert.Equal([MarketAssets.Warehouse, MarketAssets.Quality],
            BackfillPlanner.Plan(Graph, grid, Tuesday, [MarketAssets.FctStockPrices], force: true).Select(s => s.Name));
        Assert.Equal([MarketAssets.Extractor],
            BackfillPlanner.Plan(Graph, grid, Monday, [MarketAssets.RawStockPrices], force: false).Select(s => s.Name));
    }

    [Fact]
    public void The_last_runs_are_listed_with_their_duration_or_as_running()
    {
        var grid = Grid([]);
        RunRecord[] runs =
        [
            new("r1", "warehouse", "*", "2026-11-24", Noon, Noon.AddSeconds(12.34), RunStatus.Succeeded, null),
            new("r2", "quality", "*", "2026-11-24", Noon.AddMinutes(1), null, RunStatus.Running, null),
        ];

        var lines = StatusRenderer.Render(grid, runs).Split(Environment.NewLine);

        Assert.Contains(lines, l => l.StartsWith("  2026-11-24 12:00:00Z warehouse  2026-11-24", StringComparison.Ordinal) && l.Contains("succeeded") && l.Contains("12.3 s"));
        Assert.Contains(lines, l => l.StartsWith("  2026-11-24 12:01:00Z quality ", StringComparison.Ordinal) && l.Contains("running"));
        Assert.DoesNotContain("last runs:", StatusRenderer.Render(grid, []));
    }
}
