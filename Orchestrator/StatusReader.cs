using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;

namespace MarketAspire.Orchestrator;

public static class StatusReader
{
    public static async Task<AssetStatusGrid> ReadAsync(MetaStore meta, AssetGraphDefinition graph, DailyPartition from, DailyPartition to, CancellationToken ct) =>
        new(graph, DailyPartition.Range(from, to),
            await meta.LatestMaterializationsAsync(from, to, ct),
            await meta.LatestCheckEvaluationsAsync(from, to, ct));
}
