using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>A check: what it asserts, and its evaluations per partition with the offending rows each recorded.</summary>
public sealed class CheckModel(AssetGraphDefinition graph, CatalogReader reader) : CatalogPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Partition { get; set; }

    public AssetCheckDefinition Check { get; private set; } = null!;

    public DailyPartition? Filter { get; private set; }

    public IReadOnlyList<EvaluationRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (graph.Checks.FirstOrDefault(c => c.Name == name) is not { } check)
        {
            return Missing($"The graph has no check '{name}'. Its checks: {string.Join(", ", graph.Checks.Select(c => c.Name))}.");
        }

        if (ResolveFilter(Partition, out var filter) is { } failure)
        {
            return failure;
        }

        Filter = filter;

        Check = check;
        History = await reader.EvaluationsAsync(check.Name, Filter, ct);
        return Page();
    }
}
