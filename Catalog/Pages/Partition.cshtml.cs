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

    /// <summary>Each check's newest evaluation on the partition, by name (a check never evaluated is absent).</summary>
    public IReadOnlyDictionary<string, EvaluationRow> Checks { get; private set; } = new Dictionary<string, EvaluationRow>();

    /// <summary>Each asset's newest materialization of the partition, by name (one never materialized is absent).</summary>
    public IReadOnlyDictionary<string, MaterializationRow> Latest { get; private set; } = new Dictionary<string, MaterializationRow>();

    public bool CanAct => actions.Enabled && !Busy;

    public bool Busy { get; private set; }

    public bool ActionsEnabled => actions.Enabled;

    public async Task<IActionResult> OnGetAsync(string date, CancellationToken ct)
    {
        if (Resolve(date, out var partition) is { } failure)
        {
            return failure;
        }

        Partition = partition;
        Grid = await reader.GridAsync([partition], ct);
        Busy = Grid.IsBusy(partition) || actions.IsBusy(partition);
        Checks = await reader.LatestEvaluationsAsync(partition, ct);
        Latest = await reader.LatestMaterializationsAsync(partition, ct);
        return Page();
    }
}
