using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Freshness;

/// <summary>One asset partition whose deadline has come: landed (ok) or overdue since its WARN time.</summary>
/// <param name="OverdueSince">The WARN instant, null when the partition landed.</param>
public sealed record FreshnessStatus(AssetKey Asset, DailyPartition Partition, FreshnessLevel Level, FreshnessDeadline Deadline, DateTimeOffset? OverdueSince)
{
    /// <summary>"overdue since 18:30" (New York time), or null when the partition landed.</summary>
    public string? Describe() => Level switch
    {
        FreshnessLevel.Ok => null,
        FreshnessLevel.Warn => $"overdue since {Deadline.WarnAfter:HH\\:mm}",
        _ => $"overdue since {Deadline.WarnAfter:HH\\:mm}, ERROR since {Deadline.ErrorAfter:HH\\:mm}",
    };
}
