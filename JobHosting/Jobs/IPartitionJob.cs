using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>The work of one service for one partition. It records its own materializations and returns its outcome.</summary>
public interface IPartitionJob
{
    Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct);
}

/// <param name="Symbols">A subset of the configured symbols to work on (a Lambda invocation per symbol), or null for all.</param>
/// <param name="Assets">The service's assets to materialize (and their upstream assets of the same service), or null for all of them.</param>
/// <param name="FullHistory">Ask the market API for each symbol's whole history (the Orchestrator's <c>history</c>), not the configured size.</param>
/// <param name="Root">The run this one is part of (the Orchestrator's backfill, the Step Functions execution), if any.</param>
public sealed record JobContext(
    string RunId, DailyPartition Partition, IReadOnlyList<string>? Symbols = null, IReadOnlySet<AssetKey>? Assets = null, bool FullHistory = false,
    RootRun? Root = null);

/// <summary>The job's outcome: success, or the reason it failed (safe to log: no secrets) and its kind.</summary>
public sealed record JobOutcome(bool Succeeded, string? Error = null, FailureKind Kind = FailureKind.None)
{
    public static JobOutcome Success { get; } = new(true);

    public static JobOutcome Failure(string error, FailureKind kind = FailureKind.Failed) => new(false, error, kind);
}
