namespace MarketAspire.AssetGraph.Records;

/// <summary>One run of a job, as stored in <c>market_meta.runs</c>, with the id of its trace when it had one.</summary>
public sealed record RunRecord(
    string RunId,
    string Job,
    string Selection,
    string Partitions,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    string? Error,
    string? TraceId = null);
