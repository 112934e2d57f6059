using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>An asset: what it is, where it sits in the graph, and its materializations with their metadata.</summary>
public sealed class AssetModel(AssetGraphDefinition graph, CatalogReader reader) : CatalogPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Partition { get; set; }

    public AssetDefinition Asset { get; private set; } = null!;

    public AssetGraphDefinition Graph => graph;

    public DailyPartition? Filter { get; private set; }

    public IReadOnlyList<MaterializationRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        if (!graph.Contains(new AssetKey(key)))
        {
            return Missing($"The graph has no asset '{key}'. Its assets: {string.Join(", ", graph.Assets.Select(a => a.Key.Name))}.");
        }

        if (ResolveFilter(Partition, out var filter) is { } failure)
        {
            return failure;
        }

        Filter = filter;

        Asset = graph[new AssetKey(key)];
        History = await reader.MaterializationsAsync(Asset.Key, Filter, ct);
        return Page();
    }
}
