using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Records;

/// <summary>One materialization of one asset partition, as stored in <c>market_meta.materializations</c>.</summary>
/// <param name="DataVersion">A hash of what the materialization produced; downstream records it as its input version.</param>
/// <param name="InputVersions">The data versions of the upstream asset partitions it read.</param>
public sealed record MaterializationRecord(
    string RunId,
    AssetKey Asset,
    DailyPartition Partition,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? DataVersion,
    IReadOnlyDictionary<string, string> InputVersions,
    string CodeVersion,
    IReadOnlyDictionary<string, object?> Metadata,
    string? Error);
