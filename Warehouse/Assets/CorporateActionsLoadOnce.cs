using MarketAspire.JobHosting.Assets;
using MarketAspire.Warehouse.CorporateActions;

namespace MarketAspire.Warehouse.Assets;

/// <summary>
/// Both corporate-action lists load in one transaction; <c>fct_splits</c> and <c>fct_dividends</c> each record their part
/// of it. One per run (registered scoped): the first asset to ask runs the load, the other gets the same outcome.
/// </summary>
public sealed class CorporateActionsLoadOnce(CorporateActionsLoader loader)
{
    private Task<CorporateActionsLoad>? _load;

    public Task<CorporateActionsLoad> LoadAsync(AssetContext context, CancellationToken ct) =>
        _load ??= loader.LoadAsync(context.Partition, context.RunId, ct);
}
