using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;

namespace MarketAspire.JobHosting.Records;

/// <summary>
/// The status grid of some partitions, from their latest materializations and check evaluations; with the sensor's
/// lookback (<see cref="FreshnessLookback"/>), a missing asset partition in it past its freshness deadline shows as overdue.
/// </summary>
public static class StatusReader
{
    public static async Task<AssetStatusGrid> ReadAsync(MetaStore meta, AssetGraphDefinition graph, DailyPartition from, DailyPartition to, CancellationToken ct, FreshnessLookback? freshness = null) =>
        await ReadAsync(meta, graph, DailyPartition.Range(from, to), ct, freshness);

    public static async Task<AssetStatusGrid> ReadAsync(MetaStore meta, AssetGraphDefinition graph, IReadOnlyList<DailyPartition> partitions, CancellationToken ct, FreshnessLookback? freshness = null)
    {
        var (from, to) = (partitions.Count > 0 ? partitions[0] : default, partitions.Count > 0 ? partitions[^1] : default);
        return new(graph, partitions,
            await meta.LatestMaterializationsAsync(from, to, ct),
            await meta.LatestCheckEvaluationsAsync(from, to, ct),
            freshness);
    }
}
