using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Warehouse.Assets;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Warehouse.CorporateActions;
using MarketAspire.Warehouse.Curated;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Securities;
using MarketAspire.Warehouse.Staging;
using MarketAspire.Warehouse.Transform;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Warehouse;

public static class Extensions
{
    public static IHostApplicationBuilder AddWarehouseServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWarehouseDatabase(MarketAssets.Warehouse);
        services.AddValidatedSettings(WarehouseTuning.From);
        services.AddSingleton<IWarehouseDialect>(sp => sp.GetRequiredService<WarehouseSettings>().Dialect == WarehouseDialect.Redshift
            ? ActivatorUtilities.CreateInstance<RedshiftDialect>(sp)
            : ActivatorUtilities.CreateInstance<PostgresDialect>(sp));
        services.AddSingleton<StagingBuilder>();
        services.AddSingleton<WarehouseMetrics>();
        services.AddSingleton<StagingRetention>();
        services.AddSingleton<StagingLoader>();
        services.AddSingleton<FactTransform>();
        services.AddSingleton<CuratedExport>();
        services.AddSingleton<CuratedCleanup>();
        services.AddSingleton<CorporateActionsLoader>();
        services.AddScoped<CorporateActionsLoadOnce>();
        services.AddSingleton<SecuritiesLoader>();
        services.AddSingleton<SecuritiesParquet>();
        services.AddAsset<StagedStockPricesAsset>();
        services.AddAsset<StgStockPricesAsset>();
        services.AddAsset<FctStockPricesAsset>();
        services.AddAsset<FctSplitsAsset>();
        services.AddAsset<FctDividendsAsset>();
        services.AddAsset<CuratedStockPricesAsset>();
        services.AddAsset<DimSecuritiesAsset>();
        return builder;
    }
}
