namespace MarketAspire.AssetGraph.Graph;

/// <summary>The name of an asset, e.g. <c>raw_stock_prices</c>.</summary>
public readonly record struct AssetKey(string Name)
{
    public override string ToString() => Name;

    public static implicit operator string(AssetKey key) => key.Name;
}
