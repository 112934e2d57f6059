using System.Text.RegularExpressions;

namespace MarketAspire.LocalServers;

/// <summary>
/// An S3 emulator of its own (started like <see cref="S3Emulator"/>, with <c>S3_FAULT_CONTROL=1</c>) whose requests can be
/// answered with S3's XML errors, <c>500 InternalError</c> or <c>503 SlowDown</c>, exactly as S3 answers them.
/// </summary>
public sealed class S3ErrorInjector : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http = new();

    private S3ErrorInjector(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static async Task<S3ErrorInjector> StartAsync(CancellationToken ct)
    {
        var port = FreePort.Next();
        var process = new ChildProcess("bash", [Path.Combine(RepoPaths.Scripts, "run-s3-emulator.sh"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["S3_BUCKET_NAME"] = "bootstrap-bucket", ["S3_FAULT_CONTROL"] = "1" });
        var emulator = new S3ErrorInjector(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                using var response = await emulator._http.GetAsync(new Uri(emulator.Endpoint + "/__faults"), ct);
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
                await emulator.DisposeAsync();
                throw new InvalidOperationException($"The S3 emulator did not start:\n{process.Output}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>The next <paramref name="times"/> requests whose <c>METHOD /url</c> matches get the error.</summary>
    public async Task ArmAsync(Regex pattern, int status, string code, int times, CancellationToken ct)
    {
        var query = $"pattern={Uri.EscapeDataString(pattern.ToString())}&status={status}&code={code}&times={times}";
        using var response = await _http.PostAsync(new Uri($"{Endpoint}/__faults?{query}"), null, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Stops injecting; returns how many errors were served.</summary>
    public async Task<int> DisarmAsync(CancellationToken ct)
    {
        using var response = await _http.DeleteAsync(new Uri($"{Endpoint}/__faults"), ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(ct);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("fired").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
