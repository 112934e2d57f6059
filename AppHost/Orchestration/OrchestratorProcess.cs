using CliWrap;
using CliWrap.Buffered;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.JobHosting.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.AppHost.Orchestration;

/// <summary>
/// Runs the built Orchestrator against the local stack (dashboard commands, the daily schedule) with CliWrap: the
/// child is killed when the command is cancelled or the AppHost stops, and it sends its telemetry to the dashboard.
/// </summary>
internal sealed class OrchestratorProcess(LocalStackSettings settings, ProjectResource wiredAs)
{
    /// <param name="services">The running app's services: its execution context, and its lifetime (stopping it stops the child).</param>
    /// <returns>The exit code, the console output, and the command's report (null if it refused to start).</returns>
    public async Task<(int ExitCode, string Output, OrchestratorReport? Report)> RunAsync(OrchestratorRequest request, IServiceProvider services, CancellationToken ct)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"marketaspire-report-{Guid.NewGuid():N}.json");
        // The environment of the resource it runs as: one wiring (secrets resolved from their parameters, OTLP included).
        var configuration = await ExecutionConfigurationBuilder.Create(wiredAs).WithEnvironmentVariablesConfig()
            .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, ct);
        var environment = configuration.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        try
        {
            // The binary the resource it runs as is started with (BuiltProject): no `dotnet run` before each command.
            var result = await Cli.Wrap(wiredAs.Annotations.OfType<ExecutableAnnotation>().Last().Command)
                .WithArguments((request with { ReportPath = reportPath }).Arguments)
                .WithWorkingDirectory(settings.RepoRoot)
                .WithEnvironmentVariables(environment)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(stop.Token);
            return (result.ExitCode, result.StandardOutput + result.StandardError, await OrchestratorReport.ReadAsync(reportPath, CancellationToken.None));
        }
        finally
        {
            File.Delete(reportPath);
        }
    }
}
