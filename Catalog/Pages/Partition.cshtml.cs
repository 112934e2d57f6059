using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>One partition: each asset's state and why, each check's latest verdict with its offending rows, and the buttons.</summary>
public sealed class PartitionModel(AssetGraphDefinition graph, CatalogReader reader, ActionRunner actions) : CatalogPageModel
{
    public DailyPartition Partition { get; private set; }

    public AssetGraphDefinition Graph => graph;

    public CatalogGrid Grid { get; private set; } = null!;

    public IReadOnlyDictionary<string, EvaluationRow?> Checks { get; private set; } = new Dictionary<string, EvaluationRow?>();

    public IReadOnlyDictionary<string, MaterializationRow?> Latest { get; private set; } = new Dictionary<string, MaterializationRow?>();

    public bool CanAct => actions.Enabled && !Busy;

    public bool Busy { get; private set; }

    public bool ActionsEnabled => actions.Enabled;

    public async Task<IActionResult> OnGetAsync(string date, CancellationToken ct)
    {
        if (!DailyPartition.TryParse(date, out var partition))
        {
            return NotAPartition(date);
        }

        Partition = partition;
        Grid = await reader.GridAsync([partition], ct);
        Busy = Grid.IsBusy(partition) || actions.IsBusy(partition);
        var checks = new Dictionary<string, EvaluationRow?>();
        foreach (var check in graph.Checks)
        {
            checks[check.Name] = (await reader.EvaluationsAsync(check.Name, partition, ct)).FirstOrDefault();
        }

        var latest = new Dictionary<string, MaterializationRow?>();
        foreach (var asset in graph.Assets)
        {
            latest[asset.Key.Name] = (await reader.MaterializationsAsync(asset.Key, partition, ct)).FirstOrDefault();
        }

        Checks = checks;
        Latest = latest;
        return Page();
    }
}
