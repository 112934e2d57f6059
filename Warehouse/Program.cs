using MarketAspire.JobHosting.Configuration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Migrations;

var migrate = args.Length > 0 && args[0] == MigrationCommand.Verb;
return migrate
    ? await MigrationCommand.RunAsync(NewBuilder(), WarehouseModule.Module, MarketAssets.Graph)
    : await NewBuilder().RunJobAsync(WarehouseModule.Module, MarketAssets.Graph, NewBuilder);

HostApplicationBuilder NewBuilder()
{
    var builder = ProcessHost.CreateBuilder(migrate ? args[1..] : args);
    builder.AddDotEnvSettings().AddServiceDefaults();
    return builder;
}
