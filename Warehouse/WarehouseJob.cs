using System.Diagnostics;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.CorporateActions;
using MarketAspire.Warehouse.Curated;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Staging;
using MarketAspire.Warehouse.Transform;

namespace MarketAspire.Warehouse;

/// <summary>
/// The warehouse job: staged_stock_prices → stg_stock_prices → fct_stock_prices, fct_splits and fct_dividends →
/// curated_stock_prices for one partition, each step recorded
/// as a materialization with its counts and the data version of its input. A failing step fails the run and stops.
/// </summary>
public sealed class WarehouseJob(
    AssetGraphDefinition graph,
    StagingBuilder staging,
    StagingLoader loader,
    FactTransform fact,
    CuratedExport curated,
    CorporateActionsLoader corporateActions,
    MetaStore meta,
    WarehouseDatabase warehouse,
    WarehouseMetrics metrics,
    TimeProvider time,
    ILogger<WarehouseJob> logger) : IPartitionJob
{
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var partition = context.Partition;

        var (stagedOk, staged) = await StepAsync(context, MarketAssets.StagedStockPrices, async () =>
        {
            var result = await staging.BuildAsync(partition, context.RunId, ct);
            if (result.RejectedRows > 0 || result.RejectedObjects > 0)
            {
                var first = result.SampleRejects[0];
                WarehouseLog.Rejected(logger, partition.Key, result.RejectedRows, first.ObjectKey, first.PriceDate, first.Reason);
            }

            var metadata = new Dictionary<string, object?>
            {
                ["objects"] = result.Objects,
                ["rejected_objects"] = result.RejectedObjects,
                ["unverified_objects"] = result.UnverifiedObjects,
                ["provisional_rows"] = result.ProvisionalRows,
                ["files"] = result.Files,
                ["bytes_read"] = result.BytesRead,
                ["bytes_written"] = result.BytesWritten,
                ["manifest"] = result.ManifestKey,
                ["rejects_file"] = result.RejectsKey,
                ["reject_reasons"] = result.RejectReasons,
                ["sample_rejects"] = result.SampleRejects.Select(r => new { key = r.ObjectKey, price_date = r.PriceDate, reason = r.Reason, text = r.Text }).ToList(),
            };
            new StagingCounts(result.RawRows, result.StagedRows, result.RejectedRows).WriteTo(metadata);
            metrics.Staged(result.StagedRows, result.RejectedRows);
            return (result, result.DataVersion, new Dictionary<string, string> { [MarketAssets.RawStockPrices] = result.RawDataVersion }, metadata, (string?)null);
        }, ct);
        if (!stagedOk)
        {
            return JobOutcome.Failure($"staged_stock_prices {partition} failed; see its materialization record");
        }

        var (loadedOk, _) = await StepAsync(context, MarketAssets.StgStockPrices, async () =>
        {
            var started = time.GetTimestamp();
            var rows = await loader.LoadAsync(partition, staged.ManifestKey, staged.StagedRows, ct);
            WarehouseLog.StagingLoaded(logger, partition.Key, rows, staged.Files, (long)time.GetElapsedTime(started).TotalMilliseconds);
            return (rows, staged.DataVersion, new Dictionary<string, string> { [MarketAssets.StagedStockPrices] = staged.DataVersion },
                new Dictionary<string, object?> { ["rows"] = rows, ["files"] = staged.Files, ["manifest"] = staged.ManifestKey }, (string?)null);
        }, ct);
        if (!loadedOk)
        {
            return JobOutcome.Failure($"stg_stock_prices {partition} failed; see its materialization record");
        }

        var (appliedOk, _) = await StepAsync(context, MarketAssets.FctStockPrices, async () =>
        {
            var started = time.GetTimestamp();
            var result = await fact.ApplyAsync(partition, ct);
            WarehouseLog.FactApplied(logger, partition.Key, result.Inserted - result.Revised, result.Revised, (long)time.GetElapsedTime(started).TotalMilliseconds);
            metrics.Loaded(result.Inserted);
            return (result, staged.DataVersion, new Dictionary<string, string> { [MarketAssets.StgStockPrices] = staged.DataVersion },
                new Dictionary<string, object?>
                {
                    ["rows_new"] = result.Inserted - result.Revised,
                    ["rows_revised"] = result.Revised,
                    ["keys_rebuilt"] = result.KeysRebuilt,
                    ["versions_rebuilt"] = result.VersionsRebuilt,
                    ["rows_unchanged"] = result.Unchanged,
                }, (string?)null);
        }, ct);

        if (!appliedOk)
        {
            return JobOutcome.Failure($"fct_stock_prices {partition} failed; see its materialization record");
        }

        // Both corporate-action lists load in one transaction; each asset records its own part of it.
        var (actionsOk, actions) = await StepAsync(context, MarketAssets.FctSplits, async () =>
        {
            var load = await corporateActions.LoadAsync(partition, context.RunId, ct);
            return (load, Version(load, CorporateActionKind.Splits), Inputs(load), ActionsMetadata(load, CorporateActionKind.Splits), (string?)null);
        }, ct);
        if (!actionsOk)
        {
            return JobOutcome.Failure($"fct_splits {partition} failed; see its materialization record");
        }

        await StepAsync(context, MarketAssets.FctDividends, () =>
            Task.FromResult((actions, Version(actions, CorporateActionKind.Dividends), Inputs(actions), ActionsMetadata(actions, CorporateActionKind.Dividends), (string?)null)), ct);

        // The curated files carry the adjusted series, so they follow the prices and the corporate actions.
        var (curatedOk, _) = await StepAsync(context, MarketAssets.CuratedStockPrices, async () =>
        {
            var result = await curated.ExportAsync(partition, ct);
            WarehouseLog.Curated(logger, partition.Key, result.Symbols, result.Rows, result.Prefix);
            var inputs = new Dictionary<string, string>
            {
                [MarketAssets.FctStockPrices] = staged.DataVersion,
                [MarketAssets.FctSplits] = Version(actions, CorporateActionKind.Splits),
                [MarketAssets.FctDividends] = Version(actions, CorporateActionKind.Dividends),
            };
            var version = DataVersions.Of([.. inputs.Select(i => (i.Key, i.Value)), ("code", graph[MarketAssets.CuratedStockPrices].CodeVersion)]);
            return (result, version, inputs,
                new Dictionary<string, object?> { ["symbols"] = result.Symbols, ["rows"] = result.Rows, ["files"] = result.Files, ["prefix"] = result.Prefix }, (string?)null);
        }, ct);

        return !curatedOk ? JobOutcome.Failure($"curated_stock_prices {partition} failed; see its materialization record") : JobOutcome.Success;
    }

    private string Version(CorporateActionsLoad load, CorporateActionKind kind) => DataVersions.Of(
        [.. load.Versions.Where(v => v.Label.EndsWith(kind.Name, StringComparison.Ordinal)), ("code", graph[MarketAssets.FctSplits].CodeVersion)]);

    private static Dictionary<string, string> Inputs(CorporateActionsLoad load) => new() { [MarketAssets.RawCorporateActions] = load.DataVersion };

    private Dictionary<string, object?> ActionsMetadata(CorporateActionsLoad load, CorporateActionKind kind)
    {
        var objects = load.Objects.Where(o => o.Kind == kind).ToList();
        var rejects = load.Rejects(kind).ToList();
        WarehouseLog.CorporateActions(logger, kind.Name, objects.Count, objects.Where(o => o.ObjectError is null).Sum(o => o.Rows), rejects.Count);
        return new Dictionary<string, object?>
        {
            ["objects"] = objects.Count,
            ["rows"] = objects.Where(o => o.ObjectError is null).Sum(o => o.Rows),
            ["rejected_objects"] = objects.Count(o => o.ObjectError is not null),
            ["rejected_rows"] = rejects.Count,
            ["rejects"] = rejects.Take(20).Select(r => new { key = r.ObjectKey, date = r.PriceDate, reason = r.Reason, text = r.Text }).ToList(),
            ["rejects_file"] = load.RejectsKey,
            ["lists_withdrawing_nothing"] = objects.Where(o => o.ObjectError is not null || o.Rows == 0).Select(o => o.Symbol).Where(s => s.Length > 0).ToList(),
            ["dividends_not_adjusting"] = kind == CorporateActionKind.Dividends ? load.DividendsNotAdjusting.Take(20).ToList() : [],
        };
    }

    /// <summary>Runs one asset's materialization and records it, succeeded or failed.</summary>
    private async Task<(bool Succeeded, T Result)> StepAsync<T>(
        JobContext context,
        AssetKey key,
        Func<Task<(T Result, string DataVersion, Dictionary<string, string> Inputs, Dictionary<string, object?> Metadata, string? Error)>> step,
        CancellationToken ct)
    {
        var asset = graph[key];
        var started = time.GetUtcNow();
        using var activity = WarehouseMetrics.ActivitySource.Materialize(key, context);
        try
        {
            var (result, version, inputs, metadata, error) = await step();
            metadata["duration_ms"] = (long)(time.GetUtcNow() - started).TotalMilliseconds;
            if (error is not null)
            {
                activity.Failed(error);
            }

            await meta.RecordMaterializationAsync(new MaterializationRecord(context.RunId, key, context.Partition,
                error is null ? RunStatus.Succeeded : RunStatus.Failed, started, time.GetUtcNow(), version, inputs, asset.CodeVersion, metadata, error), ct);
            return (error is null, result);
        }
        catch (Exception caught) when (caught is not OperationCanceledException)
        {
            var ex = WarehouseStatementTimeoutException.IsStatementTimeout(caught)
                ? new WarehouseStatementTimeoutException($"{key} {context.Partition}", warehouse.Settings.StatementTimeout, caught)
                : caught;
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error);
            await meta.RecordMaterializationAsync(new MaterializationRecord(context.RunId, key, context.Partition, RunStatus.Failed, started,
                time.GetUtcNow(), null, new Dictionary<string, string>(), asset.CodeVersion, new Dictionary<string, object?>(), $"{ex.GetType().Name}: {ex.Message}"), CancellationToken.None);
            if (ex != caught)
            {
                throw ex;
            }

            throw;
        }
    }
}
