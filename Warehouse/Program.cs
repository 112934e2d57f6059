using MarketAspire.AssetGraph.Jobs;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Migrations;

var migrate = args.Length > 0 && args[0] == MigrationCommand.Verb;
var builder = Host.CreateApplicationBuilder(migrate ? args[1..] : args);
builder.AddServiceDefaults();
builder.AddWarehouseServices();

return migrate ? await MigrationCommand.RunAsync(builder) : await builder.RunJobAsync<WarehouseJob>();
