using MarketAspire.AssetGraph.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.JobHosting.Assets;

/// <summary>Binds a service's asset definitions to their code, and says which of them a run materializes.</summary>
public static class AssetUnits
{
    /// <summary>Registers an asset's code; one instance per run.</summary>
    public static IServiceCollection AddAsset<T>(this IServiceCollection services)
        where T : class, IAsset => services.AddScoped<IAsset, T>();

    /// <summary>
    /// Each of the service's assets with its implementation: exactly one each. An asset without one, or with two, is an
    /// error that names it; implementations of assets of other services are not run.
    /// </summary>
    public static IReadOnlyDictionary<AssetKey, IAsset> Bind(AssetGraphDefinition graph, ServiceDefinition service, IEnumerable<IAsset> implementations)
    {
        var byKey = new Dictionary<AssetKey, IAsset>();
        foreach (var implementation in implementations)
        {
            if (!byKey.TryAdd(implementation.Key, implementation))
            {
                throw new InvalidOperationException(
                    $"Asset '{implementation.Key}' has two implementations: {byKey[implementation.Key].GetType().Name} and {implementation.GetType().Name}.");
            }
        }

        var missing = graph.AssetsOf(service.Name).Where(a => !byKey.ContainsKey(a.Key)).Select(a => a.Key.Name).ToList();
        return missing.Count == 0
            ? byKey
            : throw new InvalidOperationException($"The asset graph's assets {string.Join(", ", missing)} of service '{service.Name}' have no implementation.");
    }

    /// <summary>
    /// The service's assets a run materializes, in graph order: all of them, or the selected ones and their upstream
    /// assets of the same service (whose values they are built from).
    /// </summary>
    public static IReadOnlyList<AssetDefinition> Selection(AssetGraphDefinition graph, ServiceDefinition service, IReadOnlySet<AssetKey>? selected)
    {
        var own = graph.AssetsOf(service.Name);
        if (selected is null)
        {
            return own;
        }

        var ownKeys = own.Select(a => a.Key).ToHashSet();
        var closure = new HashSet<AssetKey>(selected.Where(ownKeys.Contains));
        foreach (var asset in own.AsEnumerable().Reverse())
        {
            if (closure.Contains(asset.Key))
            {
                closure.UnionWith(asset.Upstream.Where(ownKeys.Contains));
            }
        }

        return own.Where(a => closure.Contains(a.Key)).ToList();
    }
}
