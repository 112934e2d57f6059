using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.Warehouse.CorporateActions;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>fct_splits</c> or <c>fct_dividends</c>: its part of the corporate-actions load (each symbol's latest list wins, history kept).</summary>
public abstract class CorporateActionsAsset(CorporateActionKind kind, CorporateActionsLoadOnce load, ILogger logger) : IAsset
{
    public abstract AssetKey Key { get; }

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var loaded = await load.LoadAsync(context, ct);
        var metadata = CorporateActionsMetadata.Of(loaded, kind);
        WarehouseLog.CorporateActions(logger, kind.Name, metadata.Objects, metadata.Rows, metadata.RejectedRows);
        return new AssetOutput(loaded, metadata)
        {
            ObservedInputs = new Dictionary<AssetKey, string> { [MarketAssets.RawCorporateActions] = loaded.DataVersion },
        };
    }
}

public sealed class FctSplitsAsset(CorporateActionsLoadOnce load, ILogger<FctSplitsAsset> logger)
    : CorporateActionsAsset(CorporateActionKind.Splits, load, logger)
{
    public override AssetKey Key => MarketAssets.FctSplits;
}

public sealed class FctDividendsAsset(CorporateActionsLoadOnce load, ILogger<FctDividendsAsset> logger)
    : CorporateActionsAsset(CorporateActionKind.Dividends, load, logger)
{
    public override AssetKey Key => MarketAssets.FctDividends;
}

/// <param name="ListsWithdrawingNothing">Symbols whose list was empty or rejected whole, so it withdrew none of their earlier entries.</param>
public sealed record CorporateActionsMetadata(
    int Objects,
    int Rows,
    int RejectedObjects,
    int RejectedRows,
    IReadOnlyList<ActionReject> Rejects,
    string RejectsFile,
    IReadOnlyList<string> ListsWithdrawingNothing,
    IReadOnlyList<string> DividendsNotAdjusting) : IWrittenStatistics
{
    WrittenStatistics IWrittenStatistics.Written => new(Rows);

    public static CorporateActionsMetadata Of(CorporateActionsLoad load, CorporateActionKind kind)
    {
        var objects = load.Objects.Where(o => o.Kind == kind).ToList();
        var rejects = load.Rejects(kind).ToList();
        return new CorporateActionsMetadata(
            objects.Count,
            objects.Where(o => o.ObjectError is null).Sum(o => o.Rows),
            objects.Count(o => o.ObjectError is not null),
            rejects.Count,
            [.. rejects.Take(20).Select(r => new ActionReject(r.ObjectKey, r.PriceDate, r.Reason, r.Text))],
            load.RejectsKey,
            [.. objects.Where(o => o.ObjectError is not null || o.Rows == 0).Select(o => o.Symbol).Where(s => s.Length > 0)],
            kind == CorporateActionKind.Dividends ? [.. load.DividendsNotAdjusting.Take(20)] : []);
    }
}

/// <summary>One rejected entry (or list) as recorded: which object, which date, why, and its text.</summary>
public sealed record ActionReject(string Key, string? Date, string Reason, string? Text);
