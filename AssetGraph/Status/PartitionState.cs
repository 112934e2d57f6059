namespace MarketAspire.AssetGraph.Status;

public enum PartitionState
{
    Missing,
    Materialized,
    Stale,
    Failed,

    /// <summary>Never materialized and past the asset's freshness deadline (its reason says since when).</summary>
    Overdue,
}
