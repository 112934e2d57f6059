using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Assets;

namespace MarketAspire.Extractor.Assets;

/// <summary>
/// <c>raw_corporate_actions</c>: the SPLITS and DIVIDENDS lists of the symbols due for a refresh. The prices landed in
/// the same run are a hint (a symbol whose series moved like a split is due at once); a spent quota stops it too.
/// </summary>
public sealed class RawCorporateActionsAsset(CorporateActionsExtractor corporateActions, MarketApiSettings settings, StopSignal stop) : IAsset
{
    public AssetKey Key => MarketAssets.RawCorporateActions;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var gaps = context.Hint<ExtractionResult>(MarketAssets.RawStockPrices)?.Symbols
            .Where(s => s.SplitLikeGap is not null)
            .ToDictionary(s => s.Symbol, s => s.SplitLikeGap!.Value);
        var result = await corporateActions.ExtractAsync(context.Partition, context.Job.Symbols ?? settings.Symbols, stop, ct, gaps);
        return ExtractionOutput.Of(result, stop, countsRequests: true, "all");
    }
}
