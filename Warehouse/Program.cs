using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.Configuration;
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
        [MigrationCommand.Verb] = async (services, ct) =>
        {
            var applied = await services.GetRequiredService<Migrator>().MigrateAsync(ct);
            await using var connection = await services.GetRequiredService<WarehouseDatabase>().OpenAsync(ct);
            var users = await ServiceUsers.EnsureAsync(connection, services.GetRequiredService<IConfiguration>(), ct);
            return new { applied, users };
        },
    });
