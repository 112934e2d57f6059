using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Extractor;

/// <summary>The extractor service of the asset graph: <c>raw_stock_prices</c>.</summary>
public static class ExtractorModule
{
    public static ServiceModule Module { get; } =
        ServiceModule.Create<ExtractionJob>(MarketAssets.Extractor, builder => builder.AddExtractorServices());
}
