using MarketAspire.Benchmarks;

// dotnet run -c Release --project Benchmarks -- load    [--symbols 200] [--days 5000]
// dotnet run -c Release --project Benchmarks -- extract [--symbols 200] [--latency-ms 50] [--rpm 600]
// dotnet run -c Release --project Benchmarks -- backfill [--partitions 60] [--symbols 20] [--concurrency 2] [--rpm 600]
var options = BenchOptions.Parse(args);
return options.Command switch
{
    "load" => await LoadBenchmark.RunAsync(options),
    "extract" => await ExtractBenchmark.RunAsync(options),
    "backfill" => await BackfillBenchmark.RunAsync(options),
    _ => BenchOptions.Usage(),
};
