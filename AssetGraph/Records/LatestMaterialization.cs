using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Records;

/// <summary>The latest materialization of one asset for one partition, as the status grid reads it.</summary>
public sealed record LatestMaterialization(
    AssetKey Asset,
    DailyPartition Partition,
    string Status,
    string? DataVersion,
    IReadOnlyDictionary<string, string> InputVersions,
    string CodeVersion,
    DateTimeOffset FinishedAt,
    string? Error);
