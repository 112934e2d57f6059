using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Warehouse.Staging;

/// <summary>Reading the raw zone: the keys under a prefix (every page), and an object's bytes with its fetch time.</summary>
public static class RawObjects
{
    public static async Task<List<string>> ListKeysAsync(IAmazonS3 s3, string bucket, string prefix, CancellationToken ct) =>
        [.. (await ListAsync(s3, bucket, prefix, ct)).Select(o => o.Key)];

    /// <summary>The objects under a prefix with their sizes, every page of the listing.</summary>
    public static async Task<List<RawObjectListing>> ListAsync(IAmazonS3 s3, string bucket, string prefix, CancellationToken ct)
    {
        var objects = new List<RawObjectListing>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, ct);
            objects.AddRange((response.S3Objects ?? []).Where(o => !o.Key.EndsWith('/')).Select(o => new RawObjectListing(o.Key, o.Size ?? 0)));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return objects;
    }

    /// <summary>An object's bytes and when the extractor fetched them (its <c>fetched-at</c> metadata; none on objects placed by hand).</summary>
    public static async Task<(byte[] Body, DateTimeOffset? FetchedAt)> ReadAsync(IAmazonS3 s3, string bucket, string key, CancellationToken ct)
    {
        using var response = await s3.GetObjectAsync(bucket, key, ct);
        using var memory = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 1 << 16);
        await response.ResponseStream.CopyToAsync(memory, ct);
        var fetchedAt = DateTimeOffset.TryParse(response.Metadata[LakeKeys.FetchedAtMetadata], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : (DateTimeOffset?)null;
        return (memory.ToArray(), fetchedAt);
    }
}
