namespace MarketAspire.AssetGraph.Freshness;

/// <summary>An asset partition against its deadline: landed (or not yet due), late past WARN, late past ERROR.</summary>
public enum FreshnessLevel
{
    Ok,
    Warn,
    Error,
}
