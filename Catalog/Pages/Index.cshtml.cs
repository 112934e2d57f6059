using MarketAspire.AssetGraph.Graph;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Lineage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>The lineage: the graph's assets and checks, each with its newest status.</summary>
public sealed class IndexModel(AssetGraphDefinition graph, CatalogReader reader) : PageModel
{
    public LineageLayout Layout { get; } = new(graph);

    public AssetGraphDefinition Graph => graph;

    public IReadOnlyDictionary<string, LatestStatus> Assets { get; private set; } = new Dictionary<string, LatestStatus>();

    public IReadOnlyDictionary<string, LatestStatus> Checks { get; private set; } = new Dictionary<string, LatestStatus>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Assets = await reader.LatestPerAssetAsync(ct);
        Checks = await reader.LatestPerCheckAsync(ct);
    }
}
