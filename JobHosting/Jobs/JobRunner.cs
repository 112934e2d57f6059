using System.Diagnostics;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>Runs one job for one partition and records the run in <c>market_meta.runs</c>.</summary>
public sealed class JobRunner(
    IPartitionJob job,
    ServiceDefinition service,
    AssetGraphDefinition graph,
    MetaStore meta,
    WarehouseDatabase warehouse,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    public static readonly ActivitySource ActivitySource = new("MarketAspire.Jobs");

    public string Service => service.Name;

    public Task<int> RunAsync(CancellationToken ct) =>
        RunAsync(ResolvePartition(configuration, time), configuration[SettingKeys.RunId] is { Length: > 0 } given ? given : null, ct);

    /// <summary>Runs the job for one partition (the orchestrator calls this once per partition of a backfill).</summary>
    public async Task<int> RunAsync(DailyPartition partition, string? runId, CancellationToken ct) =>
        (await ExecuteAsync(partition, runId, null, ct)).ExitCode;

    /// <summary>Runs the job and returns its exit code with the recorded reason of a failure.</summary>
    /// <param name="assets">The service's assets to materialize (and their upstream of the same service), or null for all.</param>
    /// <param name="fullHistory">Ask for each symbol's whole history instead of the configured output size.</param>
    /// <param name="root">The run this one is part of (a backfill, a Step Functions execution), if any.</param>
    public async Task<JobRunResult> ExecuteAsync(
        DailyPartition partition, string? runId, IReadOnlyList<string>? symbols, CancellationToken ct, IReadOnlySet<AssetKey>? assets = null, bool fullHistory = false,
        RootRun? root = null)
    {
        runId ??= Guid.CreateVersion7().ToString();
        var chosen = assets is null ? [] : Assets.AssetUnits.Selection(graph, service, assets);
        var selection = chosen.Count == 0 ? graph.SelectionOf(service.Name) : string.Join(",", chosen.Select(a => a.Key.Name));
        var context = new JobContext(runId, partition, symbols, assets, fullHistory, root);

        await warehouse.EnsureReachableAsync(ct);

        using var activity = ActivitySource.StartActivity($"{service.Name} {partition}");
        activity?.SetTag(PipelineActivities.RunIdTag, runId);
        activity?.SetTag(PipelineActivities.PartitionTag, partition.Key);

        var started = time.GetTimestamp();
        JobLog.RunStarted(logger, runId, service.Name, partition.Key, Deployment.Describe(configuration));
        var abandoned = await meta.FailAbandonedRunsAsync(time.GetUtcNow() - RunHeartbeat.StaleAfter(configuration), ct);
        if (abandoned > 0)
        {
            JobLog.AbandonedRunsFailed(logger, abandoned);
        }

        await meta.StartRunAsync(runId, service.Name, selection, partition.Key, time.GetUtcNow(), ct);
        await using var heartbeat = RunHeartbeat.Start(meta, runId, RunHeartbeat.Interval(configuration), time);

        JobOutcome outcome;
        try
        {
            outcome = await job.RunAsync(context, ct);
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error);
            JobLog.RunCrashed(logger, ex, runId, service.Name, partition.Key);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await FinishAsync(runId, RunStatus.Failed, error, FailureKind.Failed);
            return new JobRunResult(JobExitCodes.Failed, runId, error, FailureKind.Failed);
        }

        var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (await FinishAsync(runId, outcome.Succeeded ? RunStatus.Succeeded : RunStatus.Failed, outcome.Error, outcome.Succeeded ? FailureKind.None : outcome.Kind) is { } notRecorded)
        {
            return new JobRunResult(JobExitCodes.Failed, runId, notRecorded, FailureKind.Failed);
        }

        if (outcome.Succeeded)
        {
            JobLog.RunSucceeded(logger, runId, service.Name, partition.Key, elapsed);
            return new JobRunResult(JobExitCodes.Succeeded, runId, null, FailureKind.None);
        }

        activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        JobLog.RunFailed(logger, runId, service.Name, partition.Key, elapsed, outcome.Error ?? "unknown error");
        return new JobRunResult(JobExitCodes.Failed, runId, outcome.Error, outcome.Kind);
    }

    /// <summary>
    /// Records the run's end; when the warehouse stays unreachable past the record's retries, says so and returns why
    /// instead of throwing out of the host: the run is then failed as abandoned once its heartbeat is stale.
    /// </summary>
    private async Task<string?> FinishAsync(string runId, string status, string? error, FailureKind kind)
    {
        try
        {
            await meta.FinishRunAsync(runId, status, error, time.GetUtcNow(), CancellationToken.None, kind);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var why = $"the run's end could not be recorded ({ex.GetType().Name}: {ex.Message})";
            JobLog.RunEndNotRecorded(logger, runId, status, $"{ex.GetType().Name}: {ex.Message}");
            return error is null ? why : $"{error}; {why}";
        }
    }

    /// <summary><c>--partition YYYY-MM-DD</c> (or <c>today</c>), else the latest partition (today in New York).</summary>
    public static DailyPartition ResolvePartition(IConfiguration configuration, TimeProvider time)
    {
        var text = configuration[SettingKeys.Partition];
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "today")
        {
            return DailyPartition.Latest(time);
        }

        return DailyPartition.TryParse(text.Trim(), out var partition)
            ? partition
            : throw new ConfigurationException($"Configuration error: --partition '{text}' is not a date of the form YYYY-MM-DD.");
    }
}

/// <summary>A run's outcome as its caller sees it: the exit code, the recorded error and what kind of failure it was.</summary>
public sealed record JobRunResult(int ExitCode, string RunId, string? Error, FailureKind Kind)
{
    public bool Succeeded => ExitCode == JobExitCodes.Succeeded;
}
