using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Quality.Checks;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Quality;

public static class Extensions
{
    public static IHostApplicationBuilder AddQualityServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWarehouseDatabase(MarketAssets.Quality);
        services.AddValidatedSettings(QualitySettings.From);
        services.AddAssetChecks();
        services.AddSingleton<QualityMetrics>();
        return builder;
    }
}
