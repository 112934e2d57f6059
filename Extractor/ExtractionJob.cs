using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Extractor;

/// <summary>The extractor's job: extract the configured symbols for the partition and record the materialization.</summary>
public sealed class ExtractionJob(AssetGraphDefinition graph, RawPriceExtractor extractor, MarketApiSettings settings, MetaStore meta, TimeProvider time) : IPartitionJob
{
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        using var activity = ExtractorMetrics.ActivitySource.Materialize(MarketAssets.RawStockPrices, context);
        var result = await extractor.ExtractAsync(context.Partition, context.Symbols ?? settings.Symbols, ct);
        if (!result.Succeeded)
        {
            activity.Failed(result.Summary());
        }

        var asset = graph[MarketAssets.RawStockPrices];

        var metadata = new Dictionary<string, object?>
        {
            ["symbols"] = result.Symbols.Count,
            ["landed"] = result.Symbols.Count(s => s.Status == SymbolStatus.Landed),
            ["unchanged"] = result.Symbols.Count(s => s.Status == SymbolStatus.Unchanged),
            ["failed"] = result.Failed.Select(f => new { f.Symbol, f.Reason }).ToList(),
            ["remaining"] = result.Remaining.Select(r => r.Symbol).ToList(),
            ["stop_reason"] = result.StopReason,
            ["bytes"] = result.Symbols.Sum(s => s.Bytes),
            ["objects"] = result.Symbols.Where(s => s.Key is not null)
                .Select(s => new { s.Symbol, s.Key, s.Bytes, s.Sha256, s.Days, unchanged = s.Status == SymbolStatus.Unchanged })
                .ToList(),
            ["output_size"] = settings.OutputSize,
        };

        await meta.RecordMaterializationAsync(new MaterializationRecord(
            context.RunId, asset.Key, context.Partition,
            result.Succeeded ? RunStatus.Succeeded : RunStatus.Failed,
            started, time.GetUtcNow(), result.DataVersion,
            new Dictionary<string, string>(), asset.CodeVersion, metadata,
            result.Succeeded ? null : result.Summary()), ct);

        return result.Succeeded ? JobOutcome.Success : JobOutcome.Failure($"raw_stock_prices {context.Partition}: {result.Summary()}");
    }
}
