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
/// overdue when it was never materialized, is one of the trading days the sensor judges (<see cref="FreshnessLookback"/>,
/// when the grid has one), and its freshness deadline has passed at that clock.
/// </summary>
public sealed class AssetStatusGrid
{
    private readonly Dictionary<(AssetKey, DailyPartition), AssetPartitionStatus> _cells = [];
    private readonly Dictionary<DailyPartition, PartitionCheckStatus> _checks = [];
    private readonly FreshnessLookback? _freshness;

    public AssetStatusGrid(
        AssetGraphDefinition graph,
        IReadOnlyList<DailyPartition> partitions,
        IReadOnlyList<LatestMaterialization> materializations,
        IReadOnlyList<CheckEvaluationSummary> evaluations,
        FreshnessLookback? freshness = null)
    {
        _freshness = freshness;
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
            return _freshness is { } freshness && freshness.Covers(partition)
                && FreshnessEvaluator.Evaluate(asset, partition, freshness.Now, landed: false) is { } overdue
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
