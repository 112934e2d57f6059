using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>Finds the implementation of each check definition; a check is added by its definition and its class only.</summary>
public static class AssetChecks
{
    /// <summary>Registers every <see cref="IAssetCheck"/> of this assembly.</summary>
    public static IServiceCollection AddAssetChecks(this IServiceCollection services)
    {
        foreach (var type in typeof(AssetChecks).Assembly.GetTypes()
                     .Where(t => typeof(IAssetCheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
        {
            services.AddSingleton(typeof(IAssetCheck), type);
        }

        return services;
    }

    /// <summary>
    /// Each definition's implementation: exactly one per definition. A definition without one is an error that names it;
    /// implementations of checks the graph does not attach to this service are not run.
    /// </summary>
    public static IReadOnlyDictionary<AssetCheckDefinition, IAssetCheck> Bind(
        IReadOnlyList<AssetCheckDefinition> definitions, IEnumerable<IAssetCheck> implementations)
    {
        var byDefinition = new Dictionary<AssetCheckDefinition, IAssetCheck>();
        foreach (var implementation in implementations)
        {
            if (!byDefinition.TryAdd(implementation.Definition, implementation))
            {
                throw new InvalidOperationException(
                    $"Check '{implementation.Definition.Name}' has two implementations: {byDefinition[implementation.Definition].GetType().Name} and {implementation.GetType().Name}.");
            }
        }

        var missing = definitions.Where(d => !byDefinition.ContainsKey(d)).Select(d => d.Name).ToList();
        return missing.Count == 0
            ? byDefinition
            : throw new InvalidOperationException($"The asset graph names checks with no implementation: {string.Join(", ", missing)}.");
    }
}
