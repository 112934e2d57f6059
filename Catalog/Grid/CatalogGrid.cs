using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;

namespace MarketAspire.Catalog.Grid;

/// <summary>What a cell of the catalog's grid shows: a state (the CSS class too) and why.</summary>
public sealed record GridCell(string State, string? Reason);

/// <summary>
/// The status grid the Orchestrator computes (materialized, stale, missing, failed), with the runs in progress laid
/// over it: a cell is <c>running</c> while a run that covers its asset and partition has not finished.
/// </summary>
public sealed class CatalogGrid(AssetStatusGrid grid, IReadOnlyList<RunRecord> running)
{
    public const string Running = "running";

    public IReadOnlyList<DailyPartition> Partitions => grid.Partitions;

    public AssetGraphDefinition Graph => grid.Graph;

    public IReadOnlyList<RunRecord> InProgress => running;

    public GridCell this[AssetKey asset, DailyPartition partition]
    {
        get
        {
            if (RunOf(asset, partition) is { } run)
            {
                return new GridCell(Running, $"{run.Job} run {run.RunId} started {run.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
            }

            var cell = grid[asset, partition];
            return new GridCell(cell.State.ToString().ToLowerInvariant(), cell.Reason);
        }
    }

    public PartitionCheckStatus Checks(DailyPartition partition) => grid.Checks(partition);

    /// <summary>The checks' verdict: <c>error</c>, <c>warn</c>, <c>pass</c>, or <c>none</c> before any evaluation.</summary>
    public string CheckState(DailyPartition partition)
    {
        var checks = grid.Checks(partition);
        return checks.Errors.Count > 0 ? "error"
            : checks.Warnings.Count > 0 ? "warn"
            : checks.Passed > 0 ? "pass"
            : "none";
    }

    /// <summary>Whether any run in progress covers the partition (its buttons are then off).</summary>
    public bool IsBusy(DailyPartition partition) => IsBusy(running, partition);

    public static bool IsBusy(IEnumerable<RunRecord> running, DailyPartition partition) => running.Any(r => Covers(r, partition));

    /// <summary>A run covers a partition when its partitions are that key, or a <c>FROM..TO</c> range holding it.</summary>
    public static bool Covers(RunRecord run, DailyPartition partition)
    {
        var range = run.Partitions.Split("..", 2);
        if (range.Length == 2 && DailyPartition.TryParse(range[0], out var from) && DailyPartition.TryParse(range[1], out var to))
        {
            return from.Date <= partition.Date && partition.Date <= to.Date;
        }

        return run.Partitions == partition.Key;
    }

    private RunRecord? RunOf(AssetKey asset, DailyPartition partition) =>
        running.FirstOrDefault(r => Covers(r, partition) && r.Selection.Split(',').Any(s => s == asset.Name));
}
