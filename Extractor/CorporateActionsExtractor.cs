using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor.Landing;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Extractor;

/// <summary>
/// Materializes <c>raw_corporate_actions</c>: for each symbol due for a refresh, its SPLITS and DIVIDENDS lists (each its
/// whole history) landed byte-exact at <c>raw/corporate_actions/YYYY-MM-DD/SYMBOL.{splits|dividends}.json</c>.
/// Corporate actions change rarely, so a symbol is due only when its latest landing is older than
/// <c>MARKET_CORPORATE_ACTIONS_REFRESH_DAYS</c> (7): with a free key's 25 requests a day, 8 symbols cost 8 price
/// requests a day and 16 more once a week. A backfill over many landing dates asks once per symbol, not per date. A
/// symbol whose newly landed prices moved like a split after its last corporate-actions landing date is due at once.
/// </summary>
public sealed class CorporateActionsExtractor(
    AlphaVantageClient client,
    RawLanding landing,
    ApiRequestLoop requests,
    IAmazonS3 s3,
    LakeSettings lake,
    MarketApiSettings settings,
    TimeProvider time)
{
    // A backfill extracts several landing dates at once in one process: one of them at a time looks at what is due and
    // fetches it, so the next sees those landings and a symbol is asked for once, not once per date.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Requests for one symbol's corporate actions: its SPLITS and its DIVIDENDS.</summary>
    public static int RequestsPerSymbol => CorporateActionKind.All.Count;

    /// <param name="splitLikeGaps">Per symbol, the latest day its prices just landed moved like a split.</param>
    public async Task<ExtractionResult> ExtractAsync(
        DailyPartition partition, IReadOnlyList<string> symbols, StopSignal stop, CancellationToken ct, IReadOnlyDictionary<string, DateOnly>? splitLikeGaps = null)
    {
        if (LiveSource.WhyNot(partition, settings, time) is { } refusal)
        {
            return new ExtractionResult(partition, [], refusal);
        }

        await OneAtATime.WaitAsync(ct);
        try
        {
            return await ExtractDueAsync(partition, symbols, stop, splitLikeGaps ?? new Dictionary<string, DateOnly>(), ct);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<ExtractionResult> ExtractDueAsync(
        DailyPartition partition, IReadOnlyList<string> symbols, StopSignal stop, IReadOnlyDictionary<string, DateOnly> splitLikeGaps, CancellationToken ct)
    {
        var latest = await LatestLandingsAsync(ct);
        var now = time.GetUtcNow();
        var results = new List<SymbolResult>();
        foreach (var symbol in symbols)
        {
            var due = !latest.TryGetValue(symbol, out var last) || now - last.At >= settings.CorporateActionsRefresh ||
                (splitLikeGaps.TryGetValue(symbol, out var gap) && gap > last.Partition);
            foreach (var kind in CorporateActionKind.All)
            {
                if (due)
                {
                    results.Add(await ExtractAsync(partition, symbol, kind, stop, ct));
                }
                else if (await landing.ExistingAsync(LakeKeys.CorporateActionsObject(partition, symbol, kind), ct) is { } existing)
                {
                    // Not due, but landed for this date already (a re-run): part of what the partition holds.
                    results.Add(new SymbolResult($"{symbol} {kind.Name}", SymbolStatus.Unchanged, existing.Key, existing.Bytes, existing.Sha256, Version: existing.Version));
                }
            }
        }

        return new ExtractionResult(partition, results, stop.Reason);
    }

    private async Task<SymbolResult> ExtractAsync(DailyPartition partition, string symbol, CorporateActionKind kind, StopSignal stop, CancellationToken ct)
    {
        var label = $"{symbol} {kind.Name}";
        var key = LakeKeys.CorporateActionsObject(partition, symbol, kind);
        var existing = await landing.ExistingAsync(key, ct);
        return await requests.RunAsync(label, stop, stopOnPremium: false,
            token => client.GetCorporateActionsAsync(symbol, kind, partition.Date, token),
            async (response, fetchedAt) =>
            {
                var landed = await landing.LandAsync(key, symbol, response.Body, "all", client.SafeUrl(symbol, kind), fetchedAt, existing, ct);
                return new SymbolResult(label, landed.Unchanged ? SymbolStatus.Unchanged : SymbolStatus.Landed,
                    landed.Key, landed.Bytes, landed.Sha256, response.SeriesDays, Version: landed.Version);
            },
            ct);
    }

    /// <summary>
    /// When each symbol's corporate actions last landed, over every landing date: the newest object's write time, and
    /// the latest landing date holding one.
    /// </summary>
    private async Task<Dictionary<string, (DateTimeOffset At, DateOnly Partition)>> LatestLandingsAsync(CancellationToken ct)
    {
        var latest = new Dictionary<string, (DateTimeOffset At, DateOnly Partition)>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = lake.BucketName, Prefix = LakeKeys.RawCorporateActionsPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                if (CorporateActionKind.Parse(item.Key) is { } parsed && item.LastModified is { } modified &&
                    DailyPartition.TryParse(item.Key.Split('/')[^2], out var landed))
                {
                    var at = new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero);
                    latest[parsed.Symbol] = latest.TryGetValue(parsed.Symbol, out var seen)
                        ? (at > seen.At ? at : seen.At, landed.Date > seen.Partition ? landed.Date : seen.Partition)
                        : (at, landed.Date);
                }
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return latest;
    }
}
