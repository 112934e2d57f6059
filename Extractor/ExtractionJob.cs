using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Extractor;

/// <summary>
/// The extractor's job: the configured symbols' prices (raw_stock_prices), then the corporate actions of the symbols due
/// for a refresh (raw_corporate_actions), each recorded as a materialization. A spent quota stops both.
/// </summary>
public sealed class ExtractionJob(
    AssetGraphDefinition graph,
    RawPriceExtractor prices,
    CorporateActionsExtractor corporateActions,
    MarketApiSettings settings,
    MetaStore meta,
    TimeProvider time) : IPartitionJob
{
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var symbols = context.Symbols ?? settings.Symbols;
        var stop = new StopSignal();
        var priced = await ExtractAsync(context, MarketAssets.RawStockPrices, () => prices.ExtractAsync(context.Partition, symbols, stop, ct), ct);
        var gaps = priced.Symbols.Where(s => s.SplitLikeGap is not null).ToDictionary(s => s.Symbol, s => s.SplitLikeGap!.Value);
        var actions = await ExtractAsync(context, MarketAssets.RawCorporateActions, () => corporateActions.ExtractAsync(context.Partition, symbols, stop, ct, gaps), ct);

        var failures = new[] { (MarketAssets.RawStockPrices, priced), (MarketAssets.RawCorporateActions, actions) }
            .Where(x => !x.Item2.Succeeded)
            .Select(x => $"{x.Item1} {context.Partition}: {x.Item2.Summary()}")
            .ToList();
        return failures.Count == 0 ? JobOutcome.Success : JobOutcome.Failure(string.Join("; ", failures));
    }

    private async Task<ExtractionResult> ExtractAsync(JobContext context, AssetKey key, Func<Task<ExtractionResult>> extract, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        using var activity = ExtractorMetrics.ActivitySource.Materialize(key, context);
        var result = await extract();
        if (!result.Succeeded)
        {
            activity.Failed(result.Summary());
        }

        var asset = graph[key];
        var metadata = new Dictionary<string, object?>
        {
            [key == MarketAssets.RawStockPrices ? "symbols" : "requests"] = result.Symbols.Count,
            ["landed"] = result.Symbols.Count(s => s.Status == SymbolStatus.Landed),
            ["unchanged"] = result.Symbols.Count(s => s.Status == SymbolStatus.Unchanged),
            ["failed"] = result.Failed.Select(f => new { f.Symbol, f.Reason }).ToList(),
            ["remaining"] = result.Remaining.Select(r => r.Symbol).ToList(),
            ["stop_reason"] = result.StopReason,
            ["bytes"] = result.Symbols.Sum(s => s.Bytes),
            ["objects"] = result.Symbols.Where(s => s.Key is not null)
                .Select(s => new { s.Symbol, s.Key, s.Bytes, s.Sha256, s.Days, unchanged = s.Status == SymbolStatus.Unchanged })
                .ToList(),
            ["output_size"] = key == MarketAssets.RawStockPrices ? settings.OutputSize : "all",
        };

        await meta.RecordMaterializationAsync(new MaterializationRecord(
            context.RunId, asset.Key, context.Partition,
            result.Succeeded ? RunStatus.Succeeded : RunStatus.Failed,
            started, time.GetUtcNow(), result.DataVersion,
            new Dictionary<string, string>(), asset.CodeVersion, metadata,
            result.Succeeded ? null : result.Summary()), ct);
        return result;
    }
}
