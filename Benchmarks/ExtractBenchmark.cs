using MarketAspire.JobHosting.Configuration;
using System.Diagnostics;
using System.Globalization;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Benchmarks;

/// <summary>
/// Extracts N symbols from the simulator (with latency and its Alpha Vantage-style rate limit) into the S3 emulator:
/// once at the configured limit (effective rate and quota answers), once with the limit out of the way (symbols/s).
/// </summary>
public static class ExtractBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var symbols = Enumerable.Range(0, options.Int("symbols")).Select(i => $"S{i:D4}").ToList();
        var latency = options.Int("latency-ms");
        var rpm = options.Int("rpm");
        var concurrency = options.Int("concurrency");
        await using var s3 = await S3Emulator.StartAsync(CancellationToken.None);

        var limited = await RunOnceAsync(s3, symbols, latency, rpm, rpm, concurrency, "2026-11-24");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"extract: limited   symbols={symbols.Count} limit_rpm={rpm} elapsed_s={limited.Seconds:0.00} effective_rpm={limited.Requests / limited.Seconds * 60:0} ({limited.Requests / limited.Seconds * 60 / rpm:P0} of the limit) quota_responses={limited.Quota} landed={limited.Landed}"));

        var open = await RunOnceAsync(s3, symbols, latency, 0, 1_000_000, concurrency, "2026-11-25");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"extract: unlimited symbols={symbols.Count} concurrency={concurrency} latency_ms={latency} elapsed_s={open.Seconds:0.00} symbols_per_s={symbols.Count / open.Seconds:0.0} quota_responses={open.Quota} landed={open.Landed}"));
        return limited.Quota == 0 && limited.Landed == symbols.Count ? 0 : 1;
    }

    private static async Task<(double Seconds, int Requests, int Quota, int Landed)> RunOnceAsync(
        S3Emulator s3, List<string> symbols, int latency, int serverRpm, int clientRpm, int concurrency, string partition)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var simulator = SimulatorApp.Build(["--urls", url], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Simulator:LatencyMs"] = latency.ToString(CultureInfo.InvariantCulture),
                ["Simulator:RequestsPerMinute"] = serverRpm.ToString(CultureInfo.InvariantCulture),
                ["Simulator:TimeTravel"] = "true",
            });
            b.Logging.ClearProviders();
        });
        await simulator.StartAsync();

        var settings = await s3.CreateBucketAsync(CancellationToken.None);
        settings[SettingKeys.MarketApiBaseUrl] = url;
        settings[SettingKeys.MarketApiTimeTravel] = "true";
        settings[SettingKeys.MarketSymbols] = string.Join(',', symbols);
        settings[SettingKeys.MarketApiRequestsPerMinute] = clientRpm.ToString(CultureInfo.InvariantCulture);
        settings[SettingKeys.MarketApiConcurrency] = concurrency.ToString(CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddExtractorServices();
        using var host = builder.Build();

        var extractor = host.Services.GetRequiredService<RawPriceExtractor>();
        var watch = Stopwatch.StartNew();
        var result = await extractor.ExtractAsync(DailyPartition.Parse(partition), symbols, CancellationToken.None);
        watch.Stop();
        var counter = simulator.Services.GetRequiredService<RequestCounter>();
        return (watch.Elapsed.TotalSeconds, counter.Admitted + counter.QuotaResponses, counter.QuotaResponses,
            result.Symbols.Count(s => s.Status == SymbolStatus.Landed));
    }
}
