using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Extractor;

/// <summary>The extractor service of the asset graph: <c>raw_stock_prices</c> and <c>raw_corporate_actions</c>, each an <see cref="JobHosting.Assets.IAsset"/> in <c>Assets/</c>.</summary>
public static class ExtractorModule
{
    public static ServiceModule Module { get; } =
        ServiceModule.ForAssets(MarketAssets.Extractor, builder => builder.AddExtractorServices());
}
