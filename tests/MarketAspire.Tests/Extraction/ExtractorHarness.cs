using MarketAspire.JobHosting.Configuration;
using Amazon.S3;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.Tests.Extraction;

/// <summary>An extractor wired exactly as its Program.cs wires it, against a simulator and an isolated bucket.</summary>
internal sealed class ExtractorHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private ExtractorHarness(IHost host, SimulatorServer simulator, Dictionary<string, string?> settings)
    {
        _host = host;
        Simulator = simulator;
        Settings = settings;
    }

    public SimulatorServer Simulator { get; }

    public Dictionary<string, string?> Settings { get; }

    public string Bucket => Settings["S3_BUCKET_NAME"]!;

    public RawPriceExtractor Extractor => _host.Services.GetRequiredService<RawPriceExtractor>();

    public IAmazonS3 S3 => _host.Services.GetRequiredService<IAmazonS3>();

    public CorporateActionsExtractor CorporateActions => _host.Services.GetRequiredService<CorporateActionsExtractor>();

    public Task<ExtractionResult> ExtractCorporateActionsAsync(string partition, params string[] symbols) =>
        CorporateActions.ExtractAsync(DailyPartition.Parse(partition), symbols, new StopSignal(), TestContext.Current.CancellationToken);

    public Extractor.Landing.RawLanding Landing => _host.Services.GetRequiredService<Extractor.Landing.RawLanding>();

    public static async Task<ExtractorHarness> StartAsync(
        SharedServers servers,
        IDictionary<string, string?>? simulatorSettings = null,
        IDictionary<string, string?>? extractorSettings = null,
        CancellationToken ct = default,
        bool timeTravel = true)
    {
        // These tests fetch fixed landing dates such as 2026-11-25, which only a time-travelling simulator can answer.
        var simulatorOptions = new Dictionary<string, string?>(simulatorSettings ?? new Dictionary<string, string?>()) { ["TimeTravel"] = timeTravel.ToString() };
        var simulator = await SimulatorServer.StartAsync(simulatorOptions, ct);
        var settings = await servers.IsolatedEnvironmentAsync(ct);
        settings["MARKET_API_BASE_URL"] = simulator.BaseUrl;
        settings["MARKET_SYMBOLS"] = "IBM,MSFT,AAPL";
        settings["MARKET_API_QUOTA_RETRY_SECONDS"] = "0";
        settings["MARKET_API_RETRY_BASE_MS"] = "20";
        settings["MARKET_API_TIME_TRAVEL"] = timeTravel.ToString();
        foreach (var (key, value) in extractorSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = JobHarness.Builder(settings);
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddExtractorServices();
        var host = builder.Build();
        return new ExtractorHarness(host, simulator, settings);
    }

    public Task<ExtractionResult> ExtractAsync(string partition, params string[] symbols) =>
        Extractor.ExtractAsync(DailyPartition.Parse(partition), symbols, TestContext.Current.CancellationToken);

    public async Task<byte[]> ReadObjectAsync(string key)
    {
        using var response = await S3.GetObjectAsync(Bucket, key, TestContext.Current.CancellationToken);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory, TestContext.Current.CancellationToken);
        return memory.ToArray();
    }

    public async Task<List<string>> ListKeysAsync(string prefix)
    {
        var response = await S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket, Prefix = prefix }, TestContext.Current.CancellationToken);
        return response.S3Objects?.Select(o => o.Key).ToList() ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Simulator.DisposeAsync();
    }
}
