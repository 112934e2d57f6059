using CliWrap;
using CliWrap.Buffered;
using MarketAspire.LocalServers;

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

    /// <summary>Runs a program to completion (at most 2 minutes; CliWrap kills it on cancellation).</summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string?> environment, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var result = await Cli.Wrap(file)
            .WithArguments(args)
            .WithWorkingDirectory(RepoPaths.Root)
            .WithEnvironmentVariables(env =>
            {
                // Null removes a variable: a test sees no telemetry endpoint, S3 endpoint or API key it did not give.
                env.Set("OTEL_EXPORTER_OTLP_ENDPOINT", null).Set("AWS_ENDPOINT_URL_S3", null).Set("MARKET_API_KEY", null)
                    .Set("MARKET_ENV_FILE", "none").Set(environment.ToDictionary(kv => kv.Key, kv => kv.Value));
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
