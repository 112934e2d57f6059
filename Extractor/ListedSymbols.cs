using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Listings;

namespace MarketAspire.Extractor;

/// <summary>
/// Names, before any request is made, the configured symbols that the latest landed listing (on or before the landing
/// date) does not know or lists as delisted. It warns and does not refuse: the listing may lag the market, and a user
/// backfilling a delisted symbol's history must still be able to ask for it. No listing landed yet: nothing to say.
/// </summary>
public sealed class ListedSymbols(IAmazonS3 s3, LakeSettings lake, ILogger<ListedSymbols> logger)
{
    public async Task<IReadOnlyList<string>> WarnAsync(DailyPartition partition, IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var latest = await LatestListingDateAsync(partition, ct);
        if (latest is not { } landed)
        {
            return [];
        }

        var lists = new Dictionary<string, ParsedListing>();
        foreach (var state in LakeKeys.ListingStates)
        {
            var key = LakeKeys.ListingStatusObject(landed, state);
            using var response = await s3.GetObjectAsync(lake.BucketName, key, ct);
            using var body = new MemoryStream();
            await response.ResponseStream.CopyToAsync(body, ct);
            lists[state] = ListingStatusParser.Parse(key, state, body.ToArray());
        }

        var messages = Messages(symbols, lists["active"], lists["delisted"], landed);
        foreach (var message in messages)
        {
            ExtractorLog.ListingWarning(logger, message);
        }

        return messages;
    }

    /// <summary>One message per configured symbol that is not active in the lists; none when the active list is unusable.</summary>
    public static IReadOnlyList<string> Messages(IReadOnlyList<string> symbols, ParsedListing active, ParsedListing delisted, DailyPartition landed)
    {
        if (active.ObjectError is not null || active.Rows.Count == 0)
        {
            return [];
        }

        var activeSymbols = active.Rows.Select(r => r.Symbol).ToHashSet(StringComparer.Ordinal);
        var delistedRows = delisted.Rows.ToDictionary(r => r.Symbol, StringComparer.Ordinal);
        var messages = new List<string>();
        foreach (var symbol in symbols.Where(s => !activeSymbols.Contains(s)))
        {
            messages.Add(delistedRows.TryGetValue(symbol, out var row)
                ? $"{SettingKeys.MarketSymbols}: {symbol} ({row.Name}) was delisted on {row.DelistingDate:yyyy-MM-dd} (listing of {landed}): its prices end there; it is still requested, for its history."
                : $"{SettingKeys.MarketSymbols}: {symbol} is not in the listing of {landed} (neither active nor delisted): check the ticker; it is still requested.");
        }

        return messages;
    }

    /// <summary>The latest landing date on or before <paramref name="partition"/> holding both lists.</summary>
    private async Task<DailyPartition?> LatestListingDateAsync(DailyPartition partition, CancellationToken ct)
    {
        var found = new Dictionary<DailyPartition, int>();
        var request = new ListObjectsV2Request { BucketName = lake.BucketName, Prefix = LakeKeys.RawListingStatusPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                var parts = item.Key.Split('/');
                if (parts.Length >= 2 && DailyPartition.TryParse(parts[^2], out var date) && date.Date <= partition.Date &&
                    LakeKeys.ListingStates.Any(s => item.Key == LakeKeys.ListingStatusObject(date, s)))
                {
                    found[date] = found.GetValueOrDefault(date) + 1;
                }
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return found.Where(f => f.Value == LakeKeys.ListingStates.Count).Select(f => (DailyPartition?)f.Key).Max();
    }
}
