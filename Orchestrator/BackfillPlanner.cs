using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Status;

namespace MarketAspire.Orchestrator;

/// <summary>
/// Decides which services a partition needs: a service runs when one of its selected assets is missing, stale or failed,
/// when a service upstream of it runs in the same pass, or when forced. For a checks-only service: when the checks
/// were not evaluated since the checked asset last changed, or an ERROR check failed. Everything else is skipped.
/// </summary>
public static class BackfillPlanner
{
    public static IReadOnlyList<ServiceDefinition> Plan(
        AssetGraphDefinition graph, AssetStatusGrid grid, DailyPartition partition, IReadOnlyList<AssetKey> selection, bool force, bool forceChecks = false)
    {
        var selected = selection.ToHashSet();
        var services = graph.ServicesInOrder
            .Where(s => graph.AssetsOf(s.Name).Any(a => selected.Contains(a.Key)) || graph.ChecksOf(s.Name).Any(c => selected.Contains(c.Asset)))
            .ToList();

        var planned = new List<ServiceDefinition>();
        foreach (var service in services)
        {
            var upstreamRuns = graph.UpstreamServices(service.Name).Any(u => planned.Contains(u));
            var assets = graph.AssetsOf(service.Name).Where(a => selected.Contains(a.Key));
            var outdated = assets.Any(a => !grid.IsUpToDate(a.Key, partition));
            var checksOutdated = graph.ChecksOf(service.Name).Count > 0 && graph.AssetsOf(service.Name).Count == 0 &&
                (forceChecks || !grid.CheckedAfterMaterialization[partition] || grid.Checks(partition).Errors.Count > 0);
            if (force || upstreamRuns || outdated || checksOutdated)
            {
                planned.Add(service);
            }
        }

        return planned;
    }
}
