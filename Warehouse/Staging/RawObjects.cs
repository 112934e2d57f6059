using System.Buffers;
using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Warehouse.Staging;

/// <summary>Reading the raw zone: the keys under a prefix (every page), and an object's bytes with its fetch time.</summary>
public static class RawObjects
{
    // A few buffers a worker (the object parsed, the next one downloading): the shared pool would keep dozens of them.
    private static readonly ArrayPool<byte> Bodies = ArrayPool<byte>.Create(maxArrayLength: 64 << 20, maxArraysPerBucket: 8);

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

    /// <summary>
    /// An object's bytes in a pooled buffer (a partition's objects are about a megabyte each: new arrays of that size would
    /// each be a large-object-heap allocation and keep full collections busy), and when the extractor fetched it (its
    /// <c>fetched-at</c> metadata; none on objects placed by hand). Dispose it to return the buffer.
    /// </summary>
    public static Task<RawObjectBody> ReadAsync(IAmazonS3 s3, LakeSettings lake, string key, CancellationToken ct) =>
        LakeReads.ReadAsync(s3, lake, lake.BucketName, key, async (response, token) =>
        {
            if (response.ContentLength is < 0 or > int.MaxValue)
            {
                throw new InvalidDataException($"s3://{lake.BucketName}/{key} is {response.ContentLength} bytes long; a raw object must be under 2 GB.");
            }

            var length = (int)response.ContentLength;
            var buffer = Bodies.Rent(length);
            try
            {
                await response.ResponseStream.ReadExactlyAsync(buffer.AsMemory(0, length), token);
            }
            catch (EndOfStreamException ex)
            {
                Bodies.Return(buffer);
                throw new IOException($"s3://{lake.BucketName}/{key} ended before its {length} bytes arrived.", ex);
            }
            catch
            {
                Bodies.Return(buffer);
                throw;
            }

            return new RawObjectBody(buffer, length, FetchedAt(response), Bodies);
        }, ct);

    private static DateTimeOffset? FetchedAt(GetObjectResponse response) =>
        DateTimeOffset.TryParse(response.Metadata[LakeKeys.FetchedAtMetadata], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;
}

/// <summary>A raw object's bytes in a pooled buffer, returned to the pool on dispose; and its fetch time.</summary>
public sealed class RawObjectBody(byte[] buffer, int length, DateTimeOffset? fetchedAt, ArrayPool<byte> pool) : IDisposable
{
    private byte[]? _buffer = buffer;

    public DateTimeOffset? FetchedAt { get; } = fetchedAt;

    public int Length { get; } = length;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(RawObjectBody))).AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } returned)
        {
            pool.Return(returned);
        }
    }
}
