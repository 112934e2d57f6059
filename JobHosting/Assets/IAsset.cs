using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.JobHosting.Assets;

/// <summary>
/// One asset's code, bound to its definition in the graph by key, as a check is bound by its definition: it declares
/// nothing the graph already says (upstream, service, code version), materializes one partition and returns its value
/// and metadata. <see cref="AssetJob"/> runs a service's assets in graph order, versions and records each one.
/// </summary>
/// <remarks>Registered scoped (<see cref="AssetUnits.AddAsset{T}"/>): one instance per run, so per-run state is safe.</remarks>
public interface IAsset
{
    AssetKey Key { get; }

    Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct);
}
