using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;

namespace MarketAspire.AssetGraph.Status;

public sealed record AssetPartitionStatus(AssetKey Asset, DailyPartition Partition, PartitionState State, string? Reason);

/// <summary>The checks of one partition: how many passed, and which WARN and ERROR checks failed.</summary>
public sealed record PartitionCheckStatus(DailyPartition Partition, int Passed, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors, DateTimeOffset? EvaluatedAt);

/// <summary>
/// The partition x asset grid: materialized, stale, missing, overdue or failed. An asset partition is stale when an upstream
/// partition now has another data version than the one it was built from, or when its materializer's code version changed;
/// overdue when it was never materialized, is one of the last trading days the sensor looks at, and its freshness deadline
/// has passed at the grid's clock (when it has one).
/// </summary>
public sealed class AssetStatusGrid
{
    private readonly Dictionary<(AssetKey, DailyPartition), AssetPartitionStatus> _cells = [];
    private readonly Dictionary<DailyPartition, PartitionCheckStatus> _checks = [];
    private readonly DateTimeOffset? _now;

    // Only the sensor's recent trading days are overdue: an older partition never materialized is history not loaded, not late.
    private readonly DailyPartition _overdueFrom;

    public AssetStatusGrid(
        AssetGraphDefinition graph,
        IReadOnlyList<DailyPartition> partitions,
        IReadOnlyList<LatestMaterialization> materializations,
        IReadOnlyList<CheckEvaluationSummary> evaluations,
        DateTimeOffset? now = null)
    {
        _now = now;
        _overdueFrom = now is { } at ? FreshnessEvaluator.Window(at, FreshnessEvaluator.DefaultLookbackTradingDays)[0] : default;
        Graph = graph;
        Partitions = partitions;
        var latest = materializations.GroupBy(m => (m.Asset, m.Partition)).ToDictionary(g => g.Key, g => g.MaxBy(m => m.FinishedAt)!);
        var succeeded = materializations.Where(m => m.Status == RunStatus.Succeeded)
            .GroupBy(m => (m.Asset, m.Partition)).ToDictionary(g => g.Key, g => g.MaxBy(m => m.FinishedAt)!);

        foreach (var partition in partitions)
        {
            foreach (var asset in graph.Assets)
            {
                _cells[(asset.Key, partition)] = Evaluate(asset, partition, latest, succeeded);
            }

            var checks = evaluations.Where(e => e.Partition == partition).ToList();
            var fact = graph.Checks.Select(c => c.Asset).Distinct().Select(a => succeeded.GetValueOrDefault((a, partition))?.FinishedAt).Max();
            _checks[partition] = new PartitionCheckStatus(partition,
                checks.Count(c => c.Passed),
                checks.Where(c => !c.Passed && c.Severity == CheckSeverity.Warn).Select(c => c.CheckName).ToList(),
                checks.Where(c => !c.Passed && c.Severity == CheckSeverity.Error).Select(c => c.CheckName).ToList(),
                checks.Count == 0 ? null : checks.Max(c => c.EvaluatedAt));
            CheckedAfterMaterialization[partition] = checks.Count >= graph.Checks.Count && fact is { } f && checks.Min(c => c.EvaluatedAt) >= f;
        }
    }

    public AssetGraphDefinition Graph { get; }

    public IReadOnlyList<DailyPartition> Partitions { get; }

    /// <summary>Whether every check of the partition was evaluated after the checked asset's newest materialization.</summary>
    public Dictionary<DailyPartition, bool> CheckedAfterMaterialization { get; } = [];

    public AssetPartitionStatus this[AssetKey asset, DailyPartition partition] => _cells[(asset, partition)];

    public PartitionCheckStatus Checks(DailyPartition partition) => _checks[partition];

    public bool IsUpToDate(AssetKey asset, DailyPartition partition) => this[asset, partition].State == PartitionState.Materialized;

    private AssetPartitionStatus Evaluate(
        AssetDefinition asset,
        DailyPartition partition,
        Dictionary<(AssetKey, DailyPartition), LatestMaterialization> latest,
        Dictionary<(AssetKey, DailyPartition), LatestMaterialization> succeeded)
    {
        if (!latest.TryGetValue((asset.Key, partition), out var newest))
        {
            return _now is { } now && partition.Date >= _overdueFrom.Date && FreshnessEvaluator.Evaluate(asset, partition, now, landed: false) is { } overdue
                ? new(asset.Key, partition, PartitionState.Overdue, overdue.Describe())
                : new(asset.Key, partition, PartitionState.Missing, null);
        }

        if (newest.Status != RunStatus.Succeeded)
        {
            return new(asset.Key, partition, PartitionState.Failed, newest.Error);
        }

        if (newest.CodeVersion != asset.CodeVersion)
        {
            return new(asset.Key, partition, PartitionState.Stale, $"code version {newest.CodeVersion} -> {asset.CodeVersion}");
        }

        foreach (var upstream in asset.Upstream)
        {
            if (!succeeded.TryGetValue((upstream, partition), out var input))
            {
                return new(asset.Key, partition, PartitionState.Stale, $"{upstream} has no successful materialization");
            }

            if (!newest.InputVersions.TryGetValue(upstream.Name, out var used) || used != input.DataVersion)
            {
                return new(asset.Key, partition, PartitionState.Stale, $"{upstream} is now {input.DataVersion}, built from {used ?? "(unknown)"}");
            }
        }

        return new(asset.Key, partition, PartitionState.Materialized, null);
    }
}
