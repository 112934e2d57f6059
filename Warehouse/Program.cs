using MarketAspire.AssetGraph.Jobs;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Migrations;

var migrate = args.Length > 0 && args[0] == MigrationCommand.Verb;
var builder = Host.CreateApplicationBuilder(migrate ? args[1..] : args);
builder.AddServiceDefaults();
builder.AddWarehouseServices();

builder.Services.AddSingleton<Migrator>();

// On AWS nothing else migrates the warehouse: a Lambda cold start brings the schema up to date (idempotent).
return migrate
    ? await MigrationCommand.RunAsync(builder)
    : await builder.RunJobAsync<WarehouseJob>((services, ct) => services.GetRequiredService<Migrator>().MigrateAsync(ct));
