using MarketAspire.MarketApiSimulator;

await SimulatorApp.Build(args).RunAsync();
