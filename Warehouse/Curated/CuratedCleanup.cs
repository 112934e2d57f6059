using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// Removes what the written files no longer cover: a planned year left with no bar, and, under a symbol rewritten
/// whole, every object outside its written years (years that lost their bars, files of the earlier one-file-per-symbol
/// layout).
/// </summary>
public sealed class CuratedCleanup(IAmazonS3 s3, LakeSettings lake)
{
    public async Task<int> RemoveStaleAsync(CuratedPlan plan, IReadOnlySet<SymbolYear> written, CancellationToken ct)
    {
        var stale = new List<string>();
        foreach (var year in plan.Years.Where(y => !written.Contains(y)))
        {
            stale.AddRange(await ListAsync(LakeKeys.CuratedYearPrefix(year.Symbol, year.Year), ct));
        }

        foreach (var symbol in plan.WholeSymbols)
        {
            var kept = written.Where(w => w.Symbol == symbol).Select(w => LakeKeys.CuratedYearPrefix(w.Symbol, w.Year)).ToList();
            stale.AddRange((await ListAsync(LakeKeys.CuratedSymbolPrefix(symbol), ct))
                .Where(key => !kept.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal))));
        }

        foreach (var batch in stale.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var deleted = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = lake.BucketName,
                Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
            }, ct);
            if (deleted.DeleteErrors is { Count: > 0 } errors)
            {
                throw new IOException($"curated_stock_prices could not remove {errors.Count} stale object(s) of the lake; first: {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
            }
        }

        return stale.Count;
    }

    private async Task<List<string>> ListAsync(string prefix, CancellationToken ct)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = lake.BucketName, Prefix = prefix, ContinuationToken = token }, ct);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }
}
