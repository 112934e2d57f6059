using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Extractor.Landing;

/// <summary>
/// The raw landing zone: <c>raw/stock_data/YYYY-MM-DD/SYMBOL.json</c>, the response bytes unchanged.
/// A PutObject replaces an object atomically; an identical body is left alone and reported as unchanged, unless the
/// day's bar it holds was in progress when it was fetched and is final now (its fetch time is what makes it final).
/// </summary>
public sealed class RawLanding(IAmazonS3 s3, LakeSettings lake)
{
    public static string KeyOf(DailyPartition partition, string symbol) => LakeKeys.RawObject(partition, symbol);

    public static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The object already landed for the symbol and landing date, if any (one HEAD request).</summary>
    public Task<LandedObject?> ExistingAsync(DailyPartition partition, string symbol, CancellationToken ct) =>
        ExistingAsync(KeyOf(partition, symbol), ct);

    public async Task<LandedObject?> ExistingAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(lake.BucketName, key, ct);
            var fetchedAt = DateTimeOffset.TryParse(head.Metadata[LakeKeys.FetchedAtMetadata], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : (DateTimeOffset?)null;
            return new LandedObject(key, head.Metadata["sha256"] ?? "", head.Metadata["output-size"] ?? "", head.ContentLength, fetchedAt);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<LandingResult> LandAsync(
        DailyPartition partition, string symbol, byte[] body, string outputSize, string safeUrl, DateTimeOffset fetchedAt, LandedObject? existing, CancellationToken ct) =>
        LandAsync(KeyOf(partition, symbol), symbol, body, outputSize, safeUrl, fetchedAt, existing, ct);

    /// <summary>Lands a body at <paramref name="key"/> (a price series, a corporate-action list with output size "all", a listing as CSV).</summary>
    public async Task<LandingResult> LandAsync(
        string key, string symbol, byte[] body, string outputSize, string safeUrl, DateTimeOffset fetchedAt, LandedObject? existing, CancellationToken ct,
        string contentType = "application/json")
    {
        var sha = Sha256(body);
        if (existing?.Sha256 == sha && existing.DayInProgress == MarketSession.DayInProgress(fetchedAt))
        {
            return new LandingResult(key, sha, body.Length, Unchanged: true, existing.Version);
        }

        using var content = new MemoryStream(body, writable: false);
        var put = new PutObjectRequest
        {
            BucketName = lake.BucketName,
            Key = key,
            InputStream = content,
            ContentType = contentType,
            AutoCloseStream = false,
        };
        put.Metadata[LakeKeys.FetchedAtMetadata] = fetchedAt.UtcDateTime.ToString("O");
        put.Metadata["symbol"] = symbol;
        put.Metadata["output-size"] = outputSize;
        put.Metadata["request-url"] = safeUrl;
        put.Metadata["sha256"] = sha;
        try
        {
            await s3.PutObjectAsync(put, ct);
        }
        catch (Exception ex) when (ex is AmazonServiceException or IOException or HttpRequestException or TimeoutException)
        {
            // Name the asset and the object, and S3's own answer (503 SlowDown, 500 InternalError), not only the HTTP layer's.
            var asset = key.StartsWith(LakeKeys.RawCorporateActionsPrefix, StringComparison.Ordinal) ? "raw_corporate_actions"
                : key.StartsWith(LakeKeys.RawListingStatusPrefix, StringComparison.Ordinal) ? "raw_listing_status"
                : "raw_stock_prices";
            var reason = ex is AmazonServiceException service ? $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}" : ex.Message;
            throw new IOException($"{asset}: landing s3://{lake.BucketName}/{key} failed after the S3 client's retries: {reason}", ex);
        }

        return new LandingResult(key, sha, body.Length, Unchanged: false, RawObjectVersion.Of(sha, fetchedAt));
    }
}

/// <summary>An object in the raw zone: its key, the SHA-256 and output size it was landed with, and its size.</summary>
public sealed record LandedObject(string Key, string Sha256, string OutputSize, long Bytes, DateTimeOffset? FetchedAt)
{
    /// <summary>The trading day whose bar was still in progress when this object was fetched, if any.</summary>
    public DateOnly? DayInProgress => FetchedAt is { } at ? MarketSession.DayInProgress(at) : null;

    public string Version => RawObjectVersion.Of(Sha256, FetchedAt);

    /// <summary>A full series (20+ years) holds everything a compact one (100 days) would: it is never replaced by one.</summary>
    public bool IsFullHistory => OutputSize == "full";
}

public sealed record LandingResult(string Key, string Sha256, long Bytes, bool Unchanged, string Version);
