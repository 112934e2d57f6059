using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Quality;

/// <summary>The quality service of the asset graph: the checks on <c>fct_stock_prices</c>.</summary>
public static class QualityModule
{
    public static ServiceModule Module { get; } =
        ServiceModule.Create<QualityJob>(MarketAssets.Quality, builder => builder.AddQualityServices());
}
