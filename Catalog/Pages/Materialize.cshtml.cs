using MarketAspire.JobHosting.Jobs;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>
/// "Materialize this partition and downstream": the confirmation (GET), then the Orchestrator's
/// <c>materialize --partition P --asset A --downstream</c> (POST), the command the dashboard's buttons run.
/// </summary>
public sealed class MaterializeModel(AssetGraphDefinition graph, CatalogReader reader, ActionRunner actions) : ActionPageModel(actions)
{
    [BindProperty(SupportsGet = true)]
    public string? Partition { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Asset { get; set; }

    public DailyPartition Target { get; private set; }

    /// <summary>The asset, checked against the graph: what the Orchestrator receives.</summary>
    public AssetKey AssetKey { get; private set; }

    public IReadOnlyList<AssetDefinition> Selected { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ResolveAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await ResolveAsync(ct) ?? Launch($"Materialize {AssetKey.Name} and downstream, partition {Target.Key}", [Target],
            new MaterializeRequest(Target, AssetKey));

    private async Task<IActionResult?> ResolveAsync(CancellationToken ct)
    {
        if (Resolve(Partition, out var partition) is { } failure)
        {
            return failure;
        }

        if (Asset is null || !graph.Contains(new AssetKey(Asset)))
        {
            return Missing($"The graph has no asset '{Asset}'. Its assets: {string.Join(", ", graph.Assets.Select(a => a.Key.Name))}.");
        }

        Target = partition;
        AssetKey = new AssetKey(Asset);
        Selected = graph.WithDownstream(AssetKey);
        Refusal = RefusalFor([partition], await reader.RunningAsync(ct));
        return null;
    }
}
