using System.Net;
using System.Text;
using CliWrap;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// The catalog as its own process (the built <c>Catalog.dll</c>, as the AppHost runs it), on a free loopback port, with
/// the environment a test gives it; killed when disposed.
/// </summary>
public sealed class CatalogProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _output = new();
    private readonly CommandTask<CommandResult> _run;

    private CatalogProcess(int port, IDictionary<string, string?> environment, IReadOnlyList<string> args)
    {
        Port = port;
        _run = Command(environment, ["--urls", $"http://127.0.0.1:{port}", .. args])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Append))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Append))
            .ExecuteAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>The catalog's own process (<c>dotnet Catalog.dll</c> runs the app in the process it starts).</summary>
    public int ProcessId => _run.ProcessId;

    /// <summary>The catalog process's environment as the kernel holds it (<c>/proc/PID/environ</c>) and its command line.</summary>
    public string EnvironmentAndCommandLine =>
        (File.ReadAllText($"/proc/{ProcessId}/environ") + "\n" + File.ReadAllText($"/proc/{ProcessId}/cmdline")).Replace('\0', '\n');

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the catalog and waits until its health endpoint answers.</summary>
    public static async Task<CatalogProcess> StartAsync(IDictionary<string, string?> environment, CancellationToken ct, params string[] args)
    {
        var catalog = new CatalogProcess(FreePort.Next(), environment, args);
        using var client = new HttpClient { BaseAddress = catalog.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (catalog._run.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The catalog ended before it answered: {catalog.Output}");
            }

            try
            {
                using var health = await client.GetAsync("/health", timeout.Token);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return catalog;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Runs the catalog with these arguments until it ends on its own (at most 30 s): its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(IDictionary<string, string?> environment, IReadOnlyList<string> args, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = new StringBuilder();
        var result = await Command(environment, args)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(timeout.Token);
        return (result.ExitCode, output.ToString());
    }

    /// <summary>A client that neither follows redirects nor keeps cookies: each test says what it sends.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static Command Command(IDictionary<string, string?> environment, IReadOnlyList<string> args) =>
        Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "Catalog.dll"), "--contentRoot", Path.Combine(RepoPaths.Root, "Catalog"), .. args])
            .WithWorkingDirectory(RepoPaths.Root)
            .WithEnvironmentVariables(env => env
                .Set("OTEL_EXPORTER_OTLP_ENDPOINT", null).Set("MARKET_API_KEY", null).Set("MARKET_ENV_FILE", "none")
                .Set("ASPNETCORE_URLS", null).Set("ASPNETCORE_HTTP_PORTS", null).Set("ASPNETCORE_HTTPS_PORTS", null)
                .Set(environment.ToDictionary(kv => kv.Key, kv => kv.Value)))
            .WithValidation(CommandResultValidation.None);

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
