using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;

namespace MarketAspire.Quality;

public static class Extensions
{
    public static IHostApplicationBuilder AddQualityServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWarehouseDatabase(MarketAssets.Quality);
        return builder;
    }
}
