using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Warehouse;

/// <summary>
/// The warehouse service of the asset graph: <c>staged_stock_prices</c> to <c>curated_stock_prices</c>, each an
/// <see cref="JobHosting.Assets.IAsset"/> in <c>Assets/</c>; and, as the schema's owner, the <c>migrate</c> command (on AWS the state machine's first
/// task sends <c>{"command": "migrate"}</c>, so the schema is up to date before anything writes).
/// </summary>
public static class WarehouseModule
{
    public static ServiceModule Module { get; } = ServiceModule.ForAssets(
        MarketAssets.Warehouse,
        builder =>
        {
            builder.AddWarehouseServices();
            builder.Services.AddSingleton<Migrator>();
        },
        new Dictionary<string, LambdaCommand>
        {
            [MigrationCommand.Verb] = async (services, ct) =>
            {
                var applied = await services.GetRequiredService<Migrator>().MigrateAsync(ct);
                await using var connection = await services.GetRequiredService<WarehouseDatabase>().OpenAsync(ct);
                var users = await ServiceUsers.EnsureAsync(
                    connection, services.GetRequiredService<AssetGraphDefinition>(), services.GetRequiredService<IConfiguration>(), ct);
                return new { applied, users };
            },
        });
}
