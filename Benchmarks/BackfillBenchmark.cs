using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Warehouse.Migrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Benchmarks;

/// <summary>
/// A backfill of N partitions x M symbols through the Orchestrator binary (as a user runs it) against the simulator,
/// PostgreSQL and the S3 emulator; then the same command again, which must skip everything.
/// </summary>
public static class BackfillBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var partitions = options.Int("partitions");
        var symbols = options.Int("symbols");
        var to = DailyPartition.Parse("2026-11-25");
        var from = to; // N trading days back: backfills run trading-day partitions
        for (var i = 1; i < partitions; i++)
        {
            from = new DailyPartition(NyseCalendar.PreviousTradingDay(from.Date));
        }

        await using var postgres = await PostgresServer.StartAsync(CancellationToken.None, durable: true);
        await using var s3 = await S3Emulator.StartAsync(CancellationToken.None);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        // Past landing dates: only the simulator's time travel can answer them (Alpha Vantage cannot).
        await using var simulator = SimulatorApp.Build(["--urls", url], b =>
        {
            b.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("Simulator:TimeTravel", "true")]);
            b.Logging.ClearProviders();
        });
        await simulator.StartAsync();

        var settings = await postgres.CreateDatabaseAsync(CancellationToken.None);
        foreach (var (key, value) in await s3.CreateBucketAsync(CancellationToken.None))
        {
            settings[key] = value;
        }

        settings[SettingKeys.MarketApiBaseUrl] = url;
        settings[SettingKeys.MarketApiTimeTravel] = "true";
        settings[SettingKeys.MarketSymbols] = string.Join(',', Enumerable.Range(0, symbols).Select(i => $"S{i:D3}"));
        settings[SettingKeys.MarketApiRequestsPerMinute] = options.Int("rpm").ToString(CultureInfo.InvariantCulture);
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using (var db = new WarehouseDatabase(WarehouseSettings.From(config), "bench"))
        {
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        var request = new BackfillRequest(from, to) { Concurrency = options.Int("concurrency") };
        var first = await RunOrchestratorAsync(settings, request);
        var second = await RunOrchestratorAsync(settings, request);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backfill: partitions={partitions} symbols={symbols} limit_rpm={options.Int("rpm")} total_s={first.Seconds:0.0} partitions_per_min={partitions / first.Seconds * 60:0.0} rerun_s={second.Seconds:0.0} ({second.Summary})"));
        return first.Exit == 0 && second.Exit == 0 ? 0 : 1;
    }

    private static async Task<(double Seconds, int Exit, string Summary)> RunOrchestratorAsync(Dictionary<string, string?> settings, BackfillRequest request)
    {
        var reportPath = Path.GetTempFileName();
        try
        {
            var result = await Cli.Wrap("dotnet")
                .WithArguments([Path.Combine(AppContext.BaseDirectory, "Orchestrator.dll"), .. (request with { ReportPath = reportPath }).Arguments])
                .WithEnvironmentVariables(env => env.Set(SettingKeys.EnvFile, "none").Set(settings))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();
            var report = await OrchestratorReport.ReadAsync(reportPath, CancellationToken.None);
            return (result.RunTime.TotalSeconds, result.ExitCode, report?.Summary ?? result.StandardOutput + result.StandardError);
        }
        finally
        {
            File.Delete(reportPath);
        }
    }
}
