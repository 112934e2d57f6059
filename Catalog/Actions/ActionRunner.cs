using System.Collections.Concurrent;
using CliWrap;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Catalog.Actions;

/// <summary>
/// Starts the Orchestrator, the same program the dashboard's commands and a user's shell run, for the catalog's buttons,
/// and keeps each one's output for its progress page. The catalog itself never writes to the warehouse: the
/// Orchestrator logs in as the pipeline does, with the settings the AppHost gave the catalog for it.
/// </summary>
public sealed partial class ActionRunner(CatalogSettings settings, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ActionRunner> logger)
{
    /// <summary>The exit code of an action whose Orchestrator was stopped or could not start.</summary>
    public const int NotRun = -1;

    private readonly ConcurrentDictionary<string, CatalogAction> _actions = new();

    public bool Enabled => settings.OrchestratorProject is not null;

    public CatalogAction? Find(string id) => _actions.GetValueOrDefault(id);

    /// <summary>Whether an action of this catalog that covers the partition is still running.</summary>
    public bool IsBusy(DailyPartition partition) => _actions.Values.Any(a => !a.Finished && a.Covers(partition));

    /// <summary>Starts the Orchestrator with these arguments; it runs until it ends or the catalog stops.</summary>
    public CatalogAction Start(string title, DailyPartition from, DailyPartition to, IReadOnlyList<string> arguments)
    {
        var project = settings.OrchestratorProject ?? throw new InvalidOperationException("The catalog was started without an Orchestrator to run.");
        var action = new CatalogAction(Guid.CreateVersion7().ToString("N"), title, from, to, arguments, time.GetUtcNow());
        _actions[action.Id] = action;
        Started(logger, action.Id, string.Join(' ', arguments));
        _ = Task.Run(() => RunAsync(action, project), CancellationToken.None);
        return action;
    }

    private async Task RunAsync(CatalogAction action, string project)
    {
        int exitCode;
        try
        {
            var result = await Cli.Wrap("dotnet")
                .WithArguments(OrchestratorLaunch.Arguments(project, action.Arguments))
                .WithWorkingDirectory(Path.GetDirectoryName(Path.GetDirectoryName(project))!)
                .WithEnvironmentVariables(ChildEnvironment)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(action.Append))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(action.Append))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(lifetime.ApplicationStopping);
            exitCode = result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            action.Append("Stopped: the catalog is shutting down.");
            exitCode = NotRun;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the action ends: a partition must not stay "busy" in the catalog forever.
            action.Append($"The Orchestrator could not be run: {ex.GetType().Name}: {ex.Message}");
            exitCode = NotRun;
        }

        action.Finish(exitCode);
        Ended(logger, action.Id, exitCode);
    }

    /// <summary>
    /// The catalog's environment changed for the child: the Orchestrator is its own service in the dashboard, and it has
    /// no use for the catalog's password or address.
    /// </summary>
    internal static IReadOnlyDictionary<string, string?> ChildEnvironment => new Dictionary<string, string?>
    {
        ["OTEL_SERVICE_NAME"] = "orchestrator",
        ["OTEL_RESOURCE_ATTRIBUTES"] = null,
        ["ASPNETCORE_URLS"] = null,
        [ServiceDatabaseUsers.PasswordKeyOf(ServiceDatabaseUsers.Catalog)] = null,
    };

    [LoggerMessage(7000, LogLevel.Information, "Catalog action {ActionId} started: Orchestrator {Arguments}")]
    private static partial void Started(ILogger logger, string actionId, string arguments);

    [LoggerMessage(7001, LogLevel.Information, "Catalog action {ActionId} ended with exit code {ExitCode}")]
    private static partial void Ended(ILogger logger, string actionId, int exitCode);
}
