using MarketAspire.AssetGraph.Graph;
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
        services.AddSingleton(sp => QualitySettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IAssetCheck, CompletenessCheck>();
        services.AddSingleton<IAssetCheck, ValidityCheck>();
        services.AddSingleton<IAssetCheck, ZeroVolumeCheck>();
        services.AddSingleton<IAssetCheck, FreshnessCheck>();
        services.AddSingleton<IAssetCheck, UniquenessCheck>();
        services.AddSingleton<IAssetCheck, OhlcConsistencyCheck>();
        services.AddSingleton<IAssetCheck, ReconciliationCheck>();
        services.AddSingleton<IAssetCheck, PriceJumpCheck>();
        return builder;
    }
}
