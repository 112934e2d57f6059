using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Configuration;
using MarketAspire.AssetGraph.Lake;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Extractor.Landing;

/// <summary>
/// The raw landing zone: <c>raw/stock_data/YYYY-MM-DD/SYMBOL.json</c>, the response bytes unchanged.
/// A PutObject replaces an object atomically; an identical body is left alone and reported as unchanged.
/// </summary>
public sealed class RawLanding(IAmazonS3 s3, LakeSettings lake)
{
    public static string KeyOf(DailyPartition partition, string symbol) => LakeKeys.RawObject(partition, symbol);

    public static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public async Task<LandingResult> LandAsync(
        DailyPartition partition, string symbol, byte[] body, string outputSize, string safeUrl, DateTimeOffset fetchedAt, CancellationToken ct)
    {
        var key = KeyOf(partition, symbol);
        var sha = Sha256(body);
        var existing = await ExistingShaAsync(key, ct);
        if (existing == sha)
        {
            return new LandingResult(key, sha, body.Length, Unchanged: true);
        }

        using var content = new MemoryStream(body, writable: false);
        var put = new PutObjectRequest
        {
            BucketName = lake.BucketName,
            Key = key,
            InputStream = content,
            ContentType = "application/json",
            AutoCloseStream = false,
        };
        put.Metadata["fetched-at"] = fetchedAt.UtcDateTime.ToString("O");
        put.Metadata["symbol"] = symbol;
        put.Metadata["output-size"] = outputSize;
        put.Metadata["request-url"] = safeUrl;
        put.Metadata["sha256"] = sha;
        await s3.PutObjectAsync(put, ct);
        return new LandingResult(key, sha, body.Length, Unchanged: false);
    }

    private async Task<string?> ExistingShaAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(lake.BucketName, key, ct);
            return head.Metadata["sha256"];
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

public sealed record LandingResult(string Key, string Sha256, long Bytes, bool Unchanged);
