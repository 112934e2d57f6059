using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Records;

/// <summary>The latest evaluation of one check on one partition.</summary>
public sealed record CheckEvaluationSummary(string CheckName, DailyPartition Partition, CheckSeverity Severity, bool Passed, DateTimeOffset EvaluatedAt);
