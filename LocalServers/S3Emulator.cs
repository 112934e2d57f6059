using Amazon.S3;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.LocalServers;

/// <summary>The fauxqs S3 emulator started by scripts/run-s3-emulator.sh (the AppHost's own script) on a free port.</summary>
public sealed class S3Emulator : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private int _buckets;

    private S3Emulator(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>One JSON line per request the emulator received: method, url, the signing access key id.</summary>
    public string RequestLog { get; private init; } = "";

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static async Task<S3Emulator> StartAsync(CancellationToken ct)
    {
        var port = FreePort.Next();
        var log = Path.Combine(Path.GetTempPath(), $"marketaspire-s3-requests-{Guid.NewGuid():N}.jsonl");
        var process = new ChildProcess("bash", [Path.Combine(RepoPaths.Scripts, "run-s3-emulator.sh"), port.ToString()],
            new Dictionary<string, string> { [SettingKeys.BucketName] = "bootstrap-bucket", ["S3_REQUEST_LOG"] = log });
        var emulator = new S3Emulator(process, port) { RequestLog = log };
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(120); // the first start may install the npm packages
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(emulator.Endpoint + "/"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return emulator;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                throw new InvalidOperationException($"The S3 emulator did not start:\n{process.Output}");
            }

            await Task.Delay(200, ct);
        }
    }

    public IAmazonS3 CreateClient() => LakeClientFactory.Create(new LakeSettings
    {
        BucketName = "unused",
        Region = SettingKeys.DefaultRegion,
        Endpoint = new Uri(Endpoint),
    });

    /// <summary>A new bucket; returns the configuration keys a service needs to use it.</summary>
    public async Task<Dictionary<string, string?>> CreateBucketAsync(CancellationToken ct)
    {
        var name = $"test-{Interlocked.Increment(ref _buckets)}-{Guid.NewGuid():N}"[..30];
        using var s3 = CreateClient();
        await s3.PutBucketAsync(name, ct);
        return new Dictionary<string, string?>
        {
            [SettingKeys.BucketName] = name,
            [SettingKeys.S3Endpoint] = Endpoint,
            [SettingKeys.AwsRegion] = SettingKeys.DefaultRegion,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(RequestLog);
    }
}
