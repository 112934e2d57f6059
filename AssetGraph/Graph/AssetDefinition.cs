namespace MarketAspire.AssetGraph.Graph;

/// <summary>An asset: its key, the assets it is computed from, and the service (job) that materializes it.</summary>
/// <param name="CodeVersion">Bumped when the materializer's logic changes, so existing materializations become stale.</param>
public sealed record AssetDefinition(
    AssetKey Key,
    IReadOnlyList<AssetKey> Upstream,
    string Service,
    string Description,
    string CodeVersion = "1")
{
    /// <summary>Where its data lives (its lineage dataset); null for an asset that names none (lineage then names it by key).</summary>
    public AssetLocation? Location { get; init; }

    /// <summary>When each trading day's partition must have landed; null for an asset nobody waits for at a time of day.</summary>
    public FreshnessDeadline? Deadline { get; init; }
}
