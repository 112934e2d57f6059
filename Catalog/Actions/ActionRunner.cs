using CliWrap;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Catalog.Actions;

/// <summary>
/// Starts the Orchestrator, the same program the dashboard's commands and a user's shell run, for the catalog's buttons,
/// and keeps each one's output for its progress page. The catalog itself never writes to the warehouse: the
/// Orchestrator logs in as the pipeline does, with the settings the AppHost gave the catalog for it (only those:
/// <see cref="RunEnvironment"/>) and the secrets of the AppHost's run settings file, which the catalog never reads.
/// Bounded: one run per partition, <see cref="MaxConcurrent"/> at once, a short history.
/// </summary>
public sealed partial class ActionRunner(CatalogSettings settings, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ActionRunner> logger)
{
    /// <summary>The exit code of an action whose Orchestrator was stopped or could not start.</summary>
    public const int NotRun = -1;

    /// <summary>Orchestrators the catalog runs at once (each builds nothing, but loads and checks data).</summary>
    public const int MaxConcurrent = 2;

    /// <summary>Finished actions kept for their progress pages; older ones are forgotten (their runs stay in Runs).</summary>
    public const int MaxKeptFinished = 50;

    private readonly Lock _lock = new();
    private readonly List<CatalogAction> _actions = [];

    public bool Enabled => settings.OrchestratorProject is not null;

    public CatalogAction? Find(string id)
    {
        lock (_lock)
        {
            return _actions.Find(a => a.Id == id);
        }
    }

    /// <summary>Whether an action of this catalog that covers the partition is still running.</summary>
    public bool IsBusy(DailyPartition partition)
    {
        lock (_lock)
        {
            return _actions.Exists(a => !a.Finished && a.Covers(partition));
        }
    }

    public static string BusyRefusal(DailyPartition partition) => $"A run of partition {partition.Key} is in progress. Wait until it ends (see Runs).";

    /// <summary>
    /// Starts the Orchestrator with these arguments unless an action of this catalog covers one of the partitions or the
    /// cap is reached: the check and the start are one step, so two posts for one partition start one run.
    /// </summary>
    public StartResult TryStart(string title, DailyPartition from, DailyPartition to, IReadOnlyList<string> arguments)
    {
        var project = settings.OrchestratorProject ?? throw new InvalidOperationException("The catalog was started without an Orchestrator to run.");
        CatalogAction action;
        lock (_lock)
        {
            var running = _actions.Where(a => !a.Finished).ToList();
            if (running.Find(a => a.From.Date <= to.Date && from.Date <= a.To.Date) is { } overlapping)
            {
                var busy = overlapping.From.Date > from.Date ? overlapping.From : from;
                return new StartResult(null, BusyRefusal(busy), Busy: true);
            }

            if (running.Count >= MaxConcurrent)
            {
                return new StartResult(null, $"The catalog runs at most {MaxConcurrent} actions at once, and {running.Count} are running. Wait until one ends.", Busy: false);
            }

            action = new CatalogAction(Guid.CreateVersion7().ToString("N"), title, from, to, arguments, time.GetUtcNow());
            _actions.Add(action);
            Forget();
        }

        Started(logger, action.Id, string.Join(' ', arguments));
        _ = Task.Run(() => RunAsync(action, project), CancellationToken.None);
        return new StartResult(action, null, Busy: false);
    }

    /// <summary>Starts the Orchestrator with these arguments; it runs until it ends or the catalog stops.</summary>
    public CatalogAction Start(string title, DailyPartition from, DailyPartition to, IReadOnlyList<string> arguments) =>
        TryStart(title, from, to, arguments) is { Action: { } action } ? action : throw new InvalidOperationException("The catalog cannot start this action now.");

    private void Forget()
    {
        var finished = _actions.Where(a => a.Finished).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - MaxKeptFinished)))
        {
            _actions.Remove(old);
        }
    }

    private async Task RunAsync(CatalogAction action, string project)
    {
        int exitCode;
        try
        {
            var result = await Cli.Wrap("dotnet")
                .WithArguments(OrchestratorLaunch.Arguments(project, action.Arguments))
                .WithWorkingDirectory(Path.GetDirectoryName(Path.GetDirectoryName(project))!)
                .WithEnvironmentVariables(RunEnvironment.For(Environment.GetEnvironmentVariables(), settings.RunSettingsFile))
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

    [LoggerMessage(7000, LogLevel.Information, "Catalog action {ActionId} started: Orchestrator {Arguments}")]
    private static partial void Started(ILogger logger, string actionId, string arguments);

    [LoggerMessage(7001, LogLevel.Information, "Catalog action {ActionId} ended with exit code {ExitCode}")]
    private static partial void Ended(ILogger logger, string actionId, int exitCode);
}
