using MarketAspire.AssetGraph.Jobs;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Migrations;

var migrate = args.Length > 0 && args[0] == MigrationCommand.Verb;
var builder = Host.CreateApplicationBuilder(migrate ? args[1..] : args);
builder.AddServiceDefaults();
builder.AddWarehouseServices();

builder.Services.AddSingleton<Migrator>();

// On AWS the state machine's first task sends {"command": "migrate"}: the schema is up to date before anything writes.
return migrate
    ? await MigrationCommand.RunAsync(builder)
    : await builder.RunJobAsync<WarehouseJob>(new Dictionary<string, LambdaCommand>
    {
        [MigrationCommand.Verb] = async (services, ct) => new { applied = await services.GetRequiredService<Migrator>().MigrateAsync(ct) },
    });
