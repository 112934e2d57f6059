namespace MarketAspire.AssetGraph.Graph;

/// <summary>
/// The validated asset graph: assets, their checks and the services that materialize them.
/// Everything that orders work (the AppHost, the backfill runner, the deployment's state machine) derives it from here.
/// </summary>
public sealed class AssetGraphDefinition
{
    private readonly Dictionary<AssetKey, AssetDefinition> _assets;

    public AssetGraphDefinition(
        IEnumerable<ServiceDefinition> services,
        IEnumerable<AssetDefinition> assets,
        IEnumerable<AssetCheckDefinition> checks)
    {
        Services = services.ToList();
        var assetList = assets.ToList();
        Checks = checks.ToList();

        var duplicate = assetList.GroupBy(a => a.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Asset '{duplicate.Key}' is defined more than once.");
        }

        _assets = assetList.ToDictionary(a => a.Key);
        foreach (var asset in assetList)
        {
            if (Services.All(s => s.Name != asset.Service))
            {
                throw new InvalidOperationException($"Asset '{asset.Key}' names an unknown service '{asset.Service}'.");
            }

            foreach (var upstream in asset.Upstream.Where(u => !_assets.ContainsKey(u)))
            {
                throw new InvalidOperationException($"Asset '{asset.Key}' depends on unknown asset '{upstream}'.");
            }
        }

        foreach (var check in Checks)
        {
            if (!_assets.ContainsKey(check.Asset))
            {
                throw new InvalidOperationException($"Check '{check.Name}' is attached to unknown asset '{check.Asset}'.");
            }

            if (Services.All(s => s.Name != check.Service))
            {
                throw new InvalidOperationException($"Check '{check.Name}' names an unknown service '{check.Service}'.");
            }
        }

        var preparers = Services.Where(s => s.PrepareCommand is not null).ToList();
        if (preparers.Count > 1 || preparers.Any(s => !s.OwnsWarehouse))
        {
            throw new InvalidOperationException(
                $"Only the warehouse's owner may prepare an execution, and only one: {string.Join(", ", preparers.Select(s => s.Name))}.");
        }

        Preparer = preparers.SingleOrDefault();
        Assets = TopologicalOrder(assetList);
        ServicesInOrder = OrderServices();
    }

    /// <summary>The service whose <see cref="ServiceDefinition.PrepareCommand"/> runs before every execution, if any.</summary>
    public ServiceDefinition? Preparer { get; }

    public ServiceDefinition Service(string name) =>
        Services.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"Unknown service '{name}'.");

    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>Assets in dependency order: every asset after all of its upstream assets.</summary>
    public IReadOnlyList<AssetDefinition> Assets { get; }

    public IReadOnlyList<AssetCheckDefinition> Checks { get; }

    /// <summary>Services in dependency order: each after the services whose assets it reads or checks.</summary>
    public IReadOnlyList<ServiceDefinition> ServicesInOrder { get; }

    public AssetDefinition this[AssetKey key] =>
        _assets.TryGetValue(key, out var asset) ? asset : throw new KeyNotFoundException($"Unknown asset '{key}'.");

    public bool Contains(AssetKey key) => _assets.ContainsKey(key);

    public IReadOnlyList<AssetDefinition> AssetsOf(string service) => Assets.Where(a => a.Service == service).ToList();

    public IReadOnlyList<AssetCheckDefinition> ChecksOf(string service) => Checks.Where(c => c.Service == service).ToList();

    /// <summary>The services whose assets the given service reads or checks (direct dependencies only).</summary>
    public IReadOnlyList<ServiceDefinition> UpstreamServices(string service)
    {
        var names = UpstreamServiceNames(service).ToHashSet();
        return ServicesInOrder.Where(s => names.Contains(s.Name)).ToList();
    }

    /// <summary>What a run of the service covers: its assets, or for a checks-only service the assets it checks.</summary>
    public string SelectionOf(string service)
    {
        var assets = AssetsOf(service).Select(a => a.Key.Name).ToList();
        var checkedAssets = ChecksOf(service).Select(c => $"{c.Asset.Name}:checks").Distinct();
        return string.Join(",", assets.Concat(checkedAssets));
    }

    /// <summary>The asset and everything downstream of it, in dependency order.</summary>
    public IReadOnlyList<AssetDefinition> WithDownstream(AssetKey key)
    {
        var selected = new HashSet<AssetKey> { this[key].Key };
        foreach (var asset in Assets)
        {
            if (asset.Upstream.Any(selected.Contains))
            {
                selected.Add(asset.Key);
            }
        }

        return Assets.Where(a => selected.Contains(a.Key)).ToList();
    }

    private List<ServiceDefinition> OrderServices()
    {
        var ordered = new List<ServiceDefinition>();
        var state = new Dictionary<string, bool>();

        void Visit(ServiceDefinition service)
        {
            if (state.TryGetValue(service.Name, out var done))
            {
                if (!done)
                {
                    throw new InvalidOperationException(
                        $"Services '{service.Name}' and another depend on each other's assets; split the assets so services form a chain.");
                }

                return;
            }

            state[service.Name] = false;
            foreach (var upstream in UpstreamServiceNames(service.Name))
            {
                Visit(Services.Single(s => s.Name == upstream));
            }

            state[service.Name] = true;
            ordered.Add(service);
        }

        var used = Assets.Select(a => a.Service).Concat(Checks.Select(c => c.Service)).Distinct();
        foreach (var name in used)
        {
            Visit(Services.Single(s => s.Name == name));
        }

        return ordered;
    }

    private IEnumerable<string> UpstreamServiceNames(string service) =>
        _assets.Values.Where(a => a.Service == service)
            .SelectMany(a => a.Upstream)
            .Concat(Checks.Where(c => c.Service == service).Select(c => c.Asset))
            .Select(u => _assets[u].Service)
            .Where(s => s != service)
            .Distinct();

    private static List<AssetDefinition> TopologicalOrder(List<AssetDefinition> assets)
    {
        var ordered = new List<AssetDefinition>();
        var state = new Dictionary<AssetKey, bool>(); // false = visiting, true = done
        var byKey = assets.ToDictionary(a => a.Key);

        void Visit(AssetDefinition asset, Stack<AssetKey> path)
        {
            if (state.TryGetValue(asset.Key, out var done))
            {
                if (!done)
                {
                    throw new InvalidOperationException(
                        $"The asset graph has a cycle: {string.Join(" -> ", path.Reverse().Append(asset.Key))}.");
                }

                return;
            }

            state[asset.Key] = false;
            path.Push(asset.Key);
            foreach (var upstream in asset.Upstream)
            {
                Visit(byKey[upstream], path);
            }

            path.Pop();
            state[asset.Key] = true;
            ordered.Add(asset);
        }

        foreach (var asset in assets)
        {
            Visit(asset, new Stack<AssetKey>());
        }

        return ordered;
    }
}
