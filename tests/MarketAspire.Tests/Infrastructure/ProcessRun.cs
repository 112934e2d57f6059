using MarketAspire.LocalServers;
using System.Diagnostics;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class ProcessRun
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string All => StandardOutput + StandardError;
    }

    /// <summary>Runs one of the solution's service binaries (copied beside the tests) with the given environment.</summary>
    public static Task<Result> ServiceAsync(string assembly, IEnumerable<string> args, IDictionary<string, string?> environment, CancellationToken ct) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), .. args], environment, ct);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string?> environment, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var key in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "AWS_ENDPOINT_URL_S3", "MARKET_API_KEY" })
        {
            info.Environment.Remove(key);
        }

        info.Environment["MARKET_ENV_FILE"] = "none";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
