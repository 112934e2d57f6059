using System.Text;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;

namespace MarketAspire.Orchestrator;

/// <summary>The partition x asset grid as text: one row per partition, one column per asset, then the checks.</summary>
public static class StatusRenderer
{
    public static string Render(AssetStatusGrid grid, IReadOnlyList<RunRecord> runs)
    {
        var assets = grid.Graph.Assets;
        var text = new StringBuilder();
        text.AppendLine($"{"partition",-11} {string.Join(" ", assets.Select(a => $"{a.Key.Name,-20}"))} checks");
        var notes = new List<string>();
        foreach (var partition in grid.Partitions.Reverse())
        {
            text.Append($"{partition,-11}");
            foreach (var asset in assets)
            {
                var cell = grid[asset.Key, partition];
                text.Append($" {Symbol(cell.State),-20}");
                if (cell.Reason is not null && cell.State is PartitionState.Stale or PartitionState.Failed or PartitionState.Overdue)
                {
                    notes.Add($"{partition} {asset.Key}: {cell.State.ToString().ToLowerInvariant()}: {cell.Reason}");
                }
            }

            var checks = grid.Checks(partition);
            text.AppendLine(" " + (checks.EvaluatedAt is null ? "-"
                : checks.Errors.Count > 0 ? $"ERROR {string.Join(",", checks.Errors)}"
                : checks.Warnings.Count > 0 ? $"WARN {string.Join(",", checks.Warnings)}"
                : $"passed ({checks.Passed})"));
        }

        text.AppendLine("legend: materialized = up to date, STALE = inputs or code changed since, missing, FAILED = the last attempt failed");
        foreach (var note in notes.Take(20))
        {
            text.AppendLine("  " + note);
        }

        if (runs.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("last runs:");
            foreach (var run in runs)
            {
                var took = run.FinishedAt is { } f ? $"{(f - run.StartedAt).TotalSeconds:0.0} s" : "running";
                text.AppendLine($"  {run.StartedAt:yyyy-MM-dd HH:mm:ss}Z {run.Job,-10} {run.Partitions,-22} {run.Status,-9} {took,9} {run.Error}");
            }
        }

        return text.ToString();
    }

    private static string Symbol(PartitionState state) => state switch
    {
        PartitionState.Materialized => "materialized",
        PartitionState.Stale => "STALE",
        PartitionState.Failed => "FAILED",
        PartitionState.Overdue => "OVERDUE",
        _ => "missing",
    };
}
