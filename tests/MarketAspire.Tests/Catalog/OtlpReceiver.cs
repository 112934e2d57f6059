using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// Stands for the dashboard's OTLP endpoint (http/protobuf): keeps every body a process exports, traces, logs and
/// metrics alike. Protobuf writes strings as plain UTF-8, so a byte search finds any value an attribute carries.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();
    private readonly Task _serving;

    private OtlpReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public static OtlpReceiver Start() => new(FreePort.Next());

    /// <summary>The environment that points a process's exporter here, flushing within a fraction of a second.</summary>
    public IReadOnlyDictionary<string, string?> ExporterEnvironment => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    /// <summary>Every body received on this path (<c>/v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>), as text.</summary>
    public string Received(string path) =>
        string.Join("\n", _exports.Where(e => e.Path == path).Select(e => Encoding.UTF8.GetString(e.Body)));

    public bool Contains(string value) => _exports.Any(e => Encoding.UTF8.GetString(e.Body).Contains(value, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
