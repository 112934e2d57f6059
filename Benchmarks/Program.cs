using System.CommandLine;
using MarketAspire.Benchmarks;

// dotnet run -c Release --project Benchmarks -- --help
var root = new RootCommand("MarketAspire benchmarks: each prints one line of figures.")
{
    BenchOptions.Command("load", "Stage, COPY and apply one partition of synthetic raw objects.", LoadBenchmark.RunAsync,
        ("symbols", 200, "Raw objects (one per symbol)."), ("days", 5000, "Trading days per object."),
        ("rows", 0, "Rows in all (sets the symbols at --days each); 0 = symbols x days."),
        ("explain", 0, "1 = print EXPLAIN ANALYZE of the fact step's statements (re-landing state) after the runs.")),
    BenchOptions.Command("extract", "Extract symbols from the simulator at a rate limit.", ExtractBenchmark.RunAsync,
        ("symbols", 200, "Symbols to extract."), ("latency-ms", 50, "Simulated API latency."), ("rpm", 600, "Requests per minute allowed."),
        ("concurrency", 8, "Requests in flight.")),
    BenchOptions.Command("backfill", "Backfill trading-day partitions through the Orchestrator, then re-run it.", BackfillBenchmark.RunAsync,
        ("partitions", 60, "Trading-day partitions."), ("symbols", 20, "Symbols per partition."), ("concurrency", 2, "Partitions in flight."),
        ("rpm", 600, "Requests per minute allowed.")),
    BenchOptions.Command("daily", "Daily compact partitions through the real jobs on a warehouse with short and long history.", DailyBenchmark.RunAsync,
        ("symbols", 500, "Symbols, each with its history and its compact answer of the day."), ("short-years", 1, "Years of history of the first run."),
        ("years", 25, "Years of history of the second run (the ratio compares them)."),
        ("days", 3, "Timed trading days in a row from 2026-11-25 (each figure printed is the median of the days)."),
        ("statements", 15, "Server statements printed (the most time-consuming at the longer history, per day)."),
        ("explain", 0, "1 = print EXPLAIN ANALYZE of fct_stock_prices' and curated_stock_prices' statements after each timed day.")),
    BenchOptions.Command("catalog", "Time the catalog's reads over years of materialization and check records.", CatalogBenchmark.RunAsync,
        ("years", 5, "Years of trading-day partitions."), ("symbols", 500, "Symbols listed in each raw materialization's metadata."),
        ("repeats", 7, "Timed repeats of each read (the median is printed).")),
    BenchOptions.Command("startup", "Each service's process start to its first statement and to its exit, and its Lambda INIT, per build and publish variant.", StartupBenchmark.RunAsync,
        ("rounds", 5, "Timed runs of each service and variant (the median is printed)."), ("composite", 0, "1 = also a composite ReadyToRun bundle."),
        ("trimmed", 0, "1 = also a trimmed ReadyToRun bundle."), ("aot", 0, "1 = also a Native AOT bundle (clang-14 links it)."),
        ("publish", 1, "Bundles in artifacts/startup: 0 = publish none (measure those there), 1 = publish the missing ones, 2 = publish all again.")),
};

var parsed = root.Parse(args);
var exit = await parsed.InvokeAsync();
return parsed.Errors.Count > 0 ? 2 : exit;
