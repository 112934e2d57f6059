namespace MarketAspire.AssetGraph.Status;

public enum PartitionState
{
    Missing,
    Materialized,
    Stale,
    Failed,
}
