using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;

namespace MarketAspire.Warehouse;

public static class Extensions
{
    public static IHostApplicationBuilder AddWarehouseServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWarehouseDatabase(MarketAssets.Warehouse);
        return builder;
    }
}
