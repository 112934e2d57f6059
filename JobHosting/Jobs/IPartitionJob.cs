using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>The work of one service for one partition. It records its own materializations and returns its outcome.</summary>
public interface IPartitionJob
{
    Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct);
}

/// <param name="Symbols">A subset of the configured symbols to work on (a Lambda invocation per symbol), or null for all.</param>
public sealed record JobContext(string RunId, DailyPartition Partition, IReadOnlyList<string>? Symbols = null);

/// <summary>The job's outcome: success, or the reason it failed (safe to log: no secrets).</summary>
public sealed record JobOutcome(bool Succeeded, string? Error = null)
{
    public static JobOutcome Success { get; } = new(true);

    public static JobOutcome Failure(string error) => new(false, error);
}
