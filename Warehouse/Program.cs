using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Migrations;

var migrate = args.Length > 0 && args[0] == MigrationCommand.Verb;
var builder = Host.CreateApplicationBuilder(migrate ? args[1..] : args);
builder.AddServiceDefaults();

return migrate
    ? await MigrationCommand.RunAsync(builder, WarehouseModule.Module, MarketAssets.Graph)
    : await builder.RunJobAsync(WarehouseModule.Module, MarketAssets.Graph);
