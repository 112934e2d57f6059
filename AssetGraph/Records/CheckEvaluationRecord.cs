using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Records;

/// <summary>One evaluation of an asset check on one partition, as stored in <c>market_meta.check_evaluations</c>.</summary>
public sealed record CheckEvaluationRecord(
    string RunId,
    string CheckName,
    AssetKey Asset,
    DailyPartition Partition,
    CheckSeverity Severity,
    bool Passed,
    IReadOnlyDictionary<string, object?> Metadata,
    DateTimeOffset EvaluatedAt);
