using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Quality.Checks;

namespace MarketAspire.Quality;

/// <summary>
/// Evaluates every check the asset graph attaches to this service on the partition, records each evaluation, and
/// fails the run when an ERROR check fails. WARN results are recorded and shown. Checks never modify data. Each
/// evaluation is an OpenLineage run reading the checked asset, its verdict a dataQualityAssertions facet; a failed ERROR
/// check's run is a FAIL, as its span is an error.
/// </summary>
public sealed class QualityJob(
    ServiceDefinition service,
    AssetGraphDefinition graph,
    IEnumerable<IAssetCheck> implementations,
    WarehouseDatabase warehouse,
    MetaStore meta,
    QualitySettings settings,
    QualityMetrics metrics,
    LineageEmitter lineage,
    LakeSettings lake,
    TimeProvider time,
    ILogger<QualityJob> logger) : IPartitionJob
{
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var definitions = graph.ChecksOf(service.Name);
        var byDefinition = AssetChecks.Bind(definitions, implementations);

        await using var connection = new CheckConnection(warehouse);
        var extractedAt = await meta.LatestSuccessStartAsync(MarketAssets.RawStockPrices, context.Partition, ct);
        var now = time.GetUtcNow();
        var outcomes = new List<CheckOutcome>();
        var runLineage = new JobLineage(lineage, graph, service, LineageStores.Of(lake, warehouse.Settings), warehouse, context, time);
        var checkedVersions = lineage.Enabled ? await CheckedVersionsAsync(context, ct) : new Dictionary<AssetKey, string>();

        // Read as the checks read, retried as they are: the first read of the warehouse's data.
        if (await WarehouseRetry.ExecuteAsync(warehouse, $"checks on {context.Partition}",
                async token => FrozenPartition.Refusal(context.Partition, (await CheckQueries.RowsAsync(
                    new CheckContext(await connection.OpenAsync(token), context.Partition, settings.Symbols, settings, now, extractedAt), FrozenPartition.Line, token))[0][0]), ct) is { } refusal)
        {
            QualityLog.Failed(logger, refusal);
            return JobOutcome.Failure(refusal, FailureKind.Failed);
        }

        foreach (var definition in definitions)
        {
            using var activity = QualityMetrics.ActivitySource.Evaluate(definition, context);
            var lineageRun = await runLineage.StartAsync(definition, ct);
            CheckResult result;
            try
            {
                // Checks only read: one whose connection broke is evaluated again on a new one, as a step's transaction is.
                result = await WarehouseRetry.ExecuteAsync(warehouse, $"check {definition.Name} on {context.Partition}",
                    async token => await byDefinition[definition].EvaluateAsync(
                        new CheckContext(await connection.OpenAsync(token), context.Partition, settings.Symbols, settings, now, extractedAt), token), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await runLineage.EndAsync(lineageRun, new LineageResult { Error = $"{ex.GetType().Name}: {ex.Message}" }, CancellationToken.None);
                throw;
            }

            metrics.Evaluated(definition, result.Passed);
            activity?.SetTag(PipelineActivities.CheckPassedTag, result.Passed);
            if (!result.Passed && definition.Severity == CheckSeverity.Error)
            {
                activity.Failed(result.Summary);
            }

            outcomes.Add(new CheckOutcome(definition, result));
            var metadata = new Dictionary<string, object?>(result.Metadata) { ["summary"] = result.Summary };

            // The offending rows travel with the evaluation, so an alert on it can name them.
            metadata.TryAdd("offending", result.Offending);
            await meta.RecordCheckEvaluationAsync(new CheckEvaluationRecord(
                context.RunId, definition.Name, definition.Asset, context.Partition, definition.Severity, result.Passed, metadata, time.GetUtcNow()), ct);
            await runLineage.EndAsync(lineageRun, new LineageResult
            {
                Error = !result.Passed && definition.Severity == CheckSeverity.Error ? $"{definition.Name}: {result.Summary}" : null,
                Assertion = new CheckAssertion(definition, result.Passed, result.Summary),
                Versions = runLineage.VersionsOf(definition.Asset, checkedVersions.GetValueOrDefault(definition.Asset)),
            }, ct);
        }

        var summary = CheckSummary.Render(context.Partition, outcomes);
        var errors = outcomes.Where(o => !o.Result.Passed && o.Definition.Severity == CheckSeverity.Error).ToList();
        if (errors.Count == 0)
        {
            QualityLog.Summary(logger, summary);
            return JobOutcome.Success;
        }

        QualityLog.Failed(logger, summary);
        var assets = string.Join(", ", errors.Select(e => e.Definition.Asset.Name).Distinct());
        return JobOutcome.Failure(
            $"ERROR checks failed on {assets} {context.Partition}: " + string.Join("; ", errors.Select(e => $"{e.Definition.Name}: {e.Result.Summary}")),
            FailureKind.ChecksFailed);
    }

    /// <summary>The data version of each asset as the checks see it: its newest successful materialization of the partition.</summary>
    private async Task<Dictionary<AssetKey, string>> CheckedVersionsAsync(JobContext context, CancellationToken ct) =>
        (await meta.LatestMaterializationsAsync(context.Partition, context.Partition, ct))
            .Where(m => m.Status == RunStatus.Succeeded && m.DataVersion is not null)
            .GroupBy(m => m.Asset)
            .ToDictionary(g => g.Key, g => g.MaxBy(m => m.FinishedAt)!.DataVersion!);
}

internal static partial class QualityLog
{
    [LoggerMessage(5000, LogLevel.Information, "{Summary}")]
    public static partial void Summary(ILogger logger, string summary);

    [LoggerMessage(5001, LogLevel.Error, "{Summary}")]
    public static partial void Failed(ILogger logger, string summary);
}
