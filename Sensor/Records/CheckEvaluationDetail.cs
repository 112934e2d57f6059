using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Sensor.Records;

/// <summary>The latest evaluation of a check on a partition, with its recorded metadata (summary, offending rows).</summary>
public sealed record CheckEvaluationDetail(
    string CheckName, AssetKey Asset, DailyPartition Partition, CheckSeverity Severity, bool Passed, string MetadataJson, DateTimeOffset EvaluatedAt);

/// <summary>The latest finished run of a service's job: how it ended and, when it failed, what kind of failure it was.</summary>
public sealed record RunOutcome(string Job, string RunId, string Status, string? Error, string? FailureKind, DateTimeOffset StartedAt);
