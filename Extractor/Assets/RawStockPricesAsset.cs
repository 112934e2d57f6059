using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Assets;

namespace MarketAspire.Extractor.Assets;

/// <summary><c>raw_stock_prices</c>: the configured symbols' daily series (or the run's subset), landed byte-exact.</summary>
public sealed class RawStockPricesAsset(RawPriceExtractor prices, ListedSymbols listed, MarketApiSettings settings, StopSignal stop) : IAsset
{
    public AssetKey Key => MarketAssets.RawStockPrices;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var outputSize = context.Job.FullHistory ? "full" : settings.OutputSize;
        var symbols = context.Job.Symbols ?? settings.Symbols;
        await listed.WarnAsync(context.Partition, symbols, ct);
        var result = await prices.ExtractAsync(context.Partition, symbols, stop, ct, outputSize);
        return ExtractionOutput.Of(result, stop, countsRequests: false, outputSize);
    }
}
