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

    /// <summary>Each asset's newest materialization, whatever its partition.</summary>
    public IReadOnlyDictionary<string, MaterializationRow> Assets { get; private set; } = new Dictionary<string, MaterializationRow>();

    /// <summary>Each check's newest evaluation, whatever its partition.</summary>
    public IReadOnlyDictionary<string, EvaluationRow> Checks { get; private set; } = new Dictionary<string, EvaluationRow>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Assets = await reader.LatestMaterializationsAsync(null, ct);
        Checks = await reader.LatestEvaluationsAsync(null, ct);
    }
}
