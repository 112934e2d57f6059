using MarketAspire.JobHosting.Configuration;
using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Lake;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Transform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.Tests.Warehousing;

/// <summary>A migrated database, an isolated bucket, and helpers to land raw objects and run the warehouse job.</summary>
internal sealed class WarehouseHarness : IAsyncDisposable
{
    private readonly IAmazonS3 _s3;

    private WarehouseHarness(Dictionary<string, string?> settings, IAmazonS3 s3)
    {
        Settings = settings;
        _s3 = s3;
    }

    public Dictionary<string, string?> Settings { get; }

    public string Bucket => Settings["S3_BUCKET_NAME"]!;

    public IAmazonS3 S3 => _s3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<WarehouseHarness> StartAsync(SharedServers servers)
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);

        return new WarehouseHarness(settings, (await servers.S3).CreateClient());
    }

    /// <summary>Lands the simulator's series for each symbol as the extractor would.</summary>
    public async Task LandSeriesAsync(string partition, int days, params string[] symbols)
    {
        foreach (var symbol in symbols)
        {
            await PutSeriesAsync(partition, symbol, PriceSeriesGenerator.Generate(symbol, DailyPartition.Parse(partition).Date, days));
        }
    }

    /// <summary>Lands a series as the extractor would, with the time it was fetched when given.</summary>
    public async Task PutSeriesAsync(string partition, string symbol, IReadOnlyList<DailyBar> bars, DateTimeOffset? fetchedAt = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PriceSeriesGenerator.WriteDailySeries(buffer, symbol, bars, full: false);
        await PutRawAsync(partition, $"{symbol}.json", buffer.WrittenSpan.ToArray(), fetchedAt);
    }

    /// <summary>Lands the series the simulator's <c>restate</c> fault serves.</summary>
    public async Task LandRestatedAsync(string partition, int days, string symbol)
    {
        var bars = PriceSeriesGenerator.Generate(symbol, DailyPartition.Parse(partition).Date, days);
        PriceSeriesGenerator.Restate(bars);
        await PutSeriesAsync(partition, symbol, bars);
    }

    /// <summary>Lands the simulator's series of <paramref name="days"/> days with one bar's prices scaled by <paramref name="factor"/>: a vendor's restatement.</summary>
    public async Task RestateAsync(string partition, string symbol, string priceDate, decimal factor, int days = 100)
    {
        var restated = DateOnly.Parse(priceDate, System.Globalization.CultureInfo.InvariantCulture);
        var bars = PriceSeriesGenerator.Generate(symbol, DailyPartition.Parse(partition).Date, days)
            .Select(b => b.Date != restated ? b : b with
            {
                Open = Math.Round(b.Open * factor, 4), High = Math.Round(b.High * factor, 4), Low = Math.Round(b.Low * factor, 4), Close = Math.Round(b.Close * factor, 4),
            })
            .ToList();
        await PutSeriesAsync(partition, symbol, bars);
    }

    public async Task PutRawAsync(string partition, string fileName, byte[] body, DateTimeOffset? fetchedAt = null)
    {
        using var stream = new MemoryStream(body);
        var put = new PutObjectRequest { BucketName = Bucket, Key = $"raw/stock_data/{partition}/{fileName}", InputStream = stream };
        if (fetchedAt is { } at)
        {
            put.Metadata[LakeKeys.FetchedAtMetadata] = at.UtcDateTime.ToString("O");
        }

        await _s3.PutObjectAsync(put, Ct);
    }

    public async Task PutCorporateActionsAsync(string partition, string fileName, byte[] body)
    {
        using var stream = new MemoryStream(body);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"raw/corporate_actions/{partition}/{fileName}", InputStream = stream }, Ct);
    }

    public Task PutRawAsync(string partition, string fileName, string body) => PutRawAsync(partition, fileName, System.Text.Encoding.UTF8.GetBytes(body));

    public async Task<byte[]> ReadBytesAsync(string key)
    {
        using var response = await _s3.GetObjectAsync(Bucket, key, Ct);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory, Ct);
        return memory.ToArray();
    }

    public async Task<string> ReadTextAsync(string key)
    {
        using var response = await _s3.GetObjectAsync(Bucket, key, Ct);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Ct);
    }

    /// <summary>Runs the warehouse job as its Program.cs would; <paramref name="configure"/> may reach into its services.</summary>
    public async Task<int> RunJobAsync(string partition, Action<IServiceProvider>? configure = null, params string[] extra)
    {
        var builder = JobHarness.Builder(Settings, ["--partition", partition, .. extra]);
        builder.AddDotEnvSettings().AddServiceDefaults();
        if (configure is not null)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new ConfigureOnStart(sp, configure));
        }

        return await builder.RunJobAsync(WarehouseModule.Module, MarketAssets.Graph);
    }

    /// <summary>Every column of the fact table that a re-run must reproduce (run_id and loaded_at record the latest load).</summary>
    public Task<string?> FactSnapshotAsync() => JobHarness.ScalarAsync<string>(Settings,
        """
        SELECT string_agg(concat_ws('|', symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version), E'\n' ORDER BY symbol, price_date)
        FROM market_data.fct_stock_prices
        """, Ct);

    public Task<long> CountAsync(string sql) => JobHarness.ScalarAsync<long>(Settings, sql, Ct);

    public Task<T?> ScalarAsync<T>(string sql) => JobHarness.ScalarAsync<T>(Settings, sql, Ct);

    public Task ExecuteAsync(string sql) => JobHarness.ExecuteAsync(Settings, sql, Ct);

    /// <summary>Runs the fact step alone on what staging holds now.</summary>
    public async Task<FactResult> ApplyFactAsync(string partition)
    {
        var builder = JobHarness.Builder(Settings, "--partition", partition);
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddWarehouseServices();
        using var host = builder.Build();
        return await host.Services.GetRequiredService<FactTransform>().ApplyAsync(DailyPartition.Parse(partition), Ct);
    }

    public ValueTask DisposeAsync()
    {
        _s3.Dispose();
        return ValueTask.CompletedTask;
    }
}
