using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Records;

/// <summary>The latest evaluation of one check on one partition.</summary>
public sealed record CheckEvaluationSummary(string CheckName, DailyPartition Partition, string Severity, bool Passed, DateTimeOffset EvaluatedAt);
