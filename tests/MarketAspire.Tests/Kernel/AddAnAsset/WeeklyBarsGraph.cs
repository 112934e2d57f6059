using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Tests.Kernel.AddAnAsset;

/// <summary>File 3 of 3: the graph line (here a copy of the product's graph with it, so the product's own stays as it is).</summary>
internal static class WeeklyBarsGraph
{
    public static readonly AssetKey WeeklyBars = new("weekly_bars");

    public static AssetGraphDefinition Graph => With(codeVersion: "1");

    /// <summary>The same graph after the asset's code changed.</summary>
    public static AssetGraphDefinition With(string codeVersion) => new(
        MarketAssets.Graph.Services,
        [.. MarketAssets.Graph.Assets, new AssetDefinition(WeeklyBars, [MarketAssets.FctStockPrices], MarketAssets.Warehouse, "Bars of the partition's week.", codeVersion)],
        [.. MarketAssets.Graph.Checks, WeeklyBarsCheck.CoverTheWeek]);
}
