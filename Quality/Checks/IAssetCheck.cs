using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using Npgsql;

namespace MarketAspire.Quality.Checks;

/// <summary>One asset check: reads the warehouse, never modifies it, and returns a result instead of throwing.</summary>
public interface IAssetCheck
{
    /// <summary>The check of the asset graph this implementation evaluates.</summary>
    AssetCheckDefinition Definition { get; }

    /// <summary>Every SQL text the check sends (the same on Redshift and PostgreSQL), so it can be checked for Redshift.</summary>
    IReadOnlyList<string> Statements { get; }

    Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct);
}

/// <summary>What a check needs: a read-only connection, the partition, the configured symbols and the thresholds.</summary>
/// <param name="ExtractedAt">When the partition's raw data was fetched (its latest successful extraction), if known.</param>
public sealed record CheckContext(
    NpgsqlConnection Connection,
    DailyPartition Partition,
    IReadOnlyList<string> Symbols,
    QualitySettings Settings,
    DateTimeOffset Now,
    DateTimeOffset? ExtractedAt = null)
{
    /// <summary>What the data could know: judged as of its extraction, so re-evaluating later gives the same verdict.</summary>
    public DateTimeOffset DataAsOf => ExtractedAt ?? Now;
}

/// <summary>A check's verdict: passed or not, the numbers that matter, a one-line summary and up to 20 offending rows.</summary>
public sealed record CheckResult(bool Passed, string Summary, IReadOnlyDictionary<string, object?> Metadata, IReadOnlyList<string> Offending)
{
    public const int MaxOffending = 20;
}

public sealed record CheckOutcome(AssetCheckDefinition Definition, CheckResult Result);
