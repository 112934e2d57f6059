using System.Collections.Concurrent;
using System.Diagnostics;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.JobHosting.Assets;

/// <summary>
/// The job of a service whose assets are <see cref="IAsset"/> units: runs the selected assets in graph order, passes
/// each the values of its upstream assets of the same run, versions each one the same way (<see cref="AssetVersions"/>),
/// records every materialization, succeeded or failed, and stops an asset's dependents when it reports a failure
/// (independent assets still run); an exception stops the run after its record. Each materialization is an OpenLineage
/// run (<see cref="JobLineage"/>): a START before it, a COMPLETE or FAIL after its record.
/// </summary>
public sealed class AssetJob(
    ServiceDefinition service,
    AssetGraphDefinition graph,
    IServiceScopeFactory scopes,
    MetaStore meta,
    WarehouseDatabase warehouse,
    LineageEmitter lineage,
    LakeSettings lake,
    TimeProvider time) : IPartitionJob
{
    private static readonly ConcurrentDictionary<string, ActivitySource> Sources = new();

    /// <summary>The spans of a service's materializations come from its own source (<c>MarketAspire.Warehouse</c>, ...).</summary>
    public static ActivitySource SourceOf(ServiceDefinition service) => Sources.GetOrAdd(service.Project, p => new ActivitySource($"MarketAspire.{p}"));

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var units = AssetUnits.Bind(graph, service, scope.ServiceProvider.GetServices<IAsset>());
        var materialized = new Dictionary<AssetKey, AssetOutput>();
        var ran = new Dictionary<AssetKey, AssetOutput>();
        var versions = new Dictionary<AssetKey, string>();
        var stopped = new HashSet<AssetKey>();
        var failures = new List<(AssetKey Key, AssetFailure Failure)>();
        var runLineage = new JobLineage(lineage, graph, service, LineageStores.Of(lake, warehouse.Settings), warehouse, context, time);

        foreach (var asset in AssetUnits.Selection(graph, service, context.Assets))
        {
            if (asset.Upstream.Any(stopped.Contains))
            {
                stopped.Add(asset.Key);
                continue;
            }

            // An exception (a server down, a statement timed out) stops the run after its record: the next asset would meet
            // the same fault. A failure the asset reports stops only the assets built from it.
            var (output, version) = await MaterializeAsync(units[asset.Key], asset, context, materialized, ran, versions, runLineage, ct);
            ran[asset.Key] = output;
            if (output.Failure is { } failure)
            {
                failures.Add((asset.Key, failure));
                stopped.Add(asset.Key);
            }
            else
            {
                materialized[asset.Key] = output;
                versions[asset.Key] = version;
            }
        }

        return failures.Count == 0
            ? JobOutcome.Success
            : JobOutcome.Failure(
                string.Join("; ", failures.Select(f => $"{f.Key} {context.Partition}: {f.Failure.Reason}")),
                failures.Select(f => f.Failure.Kind).FirstOrDefault(k => k != FailureKind.Failed, FailureKind.Failed));
    }

    private async Task<(AssetOutput Output, string Version)> MaterializeAsync(
        IAsset unit,
        AssetDefinition asset,
        JobContext context,
        IReadOnlyDictionary<AssetKey, AssetOutput> materialized,
        IReadOnlyDictionary<AssetKey, AssetOutput> ran,
        IReadOnlyDictionary<AssetKey, string> versions,
        JobLineage runLineage,
        CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var lineageRun = await runLineage.StartAsync(asset, ct);
        using var activity = SourceOf(service).Materialize(asset.Key, context);
        try
        {
            var output = await unit.MaterializeAsync(new AssetContext(context, asset, materialized, ran), ct);
            var inputs = await InputVersionsAsync(asset, context, versions, output, ct);
            var version = AssetVersions.Of(asset, inputs, output.ContentVersion);
            var metadata = AssetMetadata.ToDictionary(output.Metadata);
            metadata["duration_ms"] = (long)(time.GetUtcNow() - started).TotalMilliseconds;
            if (output.Failure is { } failure)
            {
                activity.Failed(failure.Reason);
            }

            await meta.RecordMaterializationAsync(new MaterializationRecord(context.RunId, asset.Key, context.Partition,
                output.Failure is null ? RunStatus.Succeeded : RunStatus.Failed, started, time.GetUtcNow(), version,
                inputs.ToDictionary(i => i.Key.Name, i => i.Value), asset.CodeVersion, metadata, output.Failure?.Reason), ct);
            await runLineage.EndAsync(lineageRun, new LineageResult
            {
                Error = output.Failure?.Reason,
                Versions = runLineage.VersionsOf(asset, version, inputs),
                Written = (output.Metadata as IWrittenStatistics)?.Written,
            }, ct);
            return (output, version);
        }
        catch (Exception caught) when (caught is not OperationCanceledException)
        {
            var ex = WarehouseStatementTimeoutException.IsStatementTimeout(caught)
                ? new WarehouseStatementTimeoutException($"{asset.Key} {context.Partition}", warehouse.Settings.StatementTimeout, caught)
                : caught;
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error);
            await meta.RecordMaterializationAsync(new MaterializationRecord(context.RunId, asset.Key, context.Partition, RunStatus.Failed, started,
                time.GetUtcNow(), null, new Dictionary<string, string>(), asset.CodeVersion, new Dictionary<string, object?>(), $"{ex.GetType().Name}: {ex.Message}"),
                CancellationToken.None);
            await runLineage.EndAsync(lineageRun, new LineageResult { Error = $"{ex.GetType().Name}: {ex.Message}" }, CancellationToken.None);
            if (ex != caught)
            {
                throw ex;
            }

            throw;
        }
    }

    /// <summary>
    /// Each upstream asset's version as this materialization used it: from this run when it materialized it, else as the
    /// asset observed it, else its newest successful materialization.
    /// </summary>
    private async Task<IReadOnlyDictionary<AssetKey, string>> InputVersionsAsync(
        AssetDefinition asset, JobContext context, IReadOnlyDictionary<AssetKey, string> versions, AssetOutput output, CancellationToken ct)
    {
        var inputs = new Dictionary<AssetKey, string>();
        IReadOnlyList<LatestMaterialization>? recorded = null;
        foreach (var upstream in asset.Upstream)
        {
            if (versions.TryGetValue(upstream, out var ran))
            {
                inputs[upstream] = ran;
            }
            else if (output.ObservedInputs.TryGetValue(upstream, out var observed))
            {
                inputs[upstream] = observed;
            }
            else
            {
                recorded ??= await meta.LatestMaterializationsAsync(context.Partition, context.Partition, ct);
                if (recorded.Where(m => m.Asset == upstream && m.Status == RunStatus.Succeeded).MaxBy(m => m.FinishedAt)?.DataVersion is { } latest)
                {
                    inputs[upstream] = latest;
                }
            }
        }

        return inputs;
    }
}
