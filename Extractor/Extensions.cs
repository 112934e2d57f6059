using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;

namespace MarketAspire.Extractor;

public static class Extensions
{
    public static IHostApplicationBuilder AddExtractorServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWarehouseDatabase(MarketAssets.Extractor);
        return builder;
    }
}
