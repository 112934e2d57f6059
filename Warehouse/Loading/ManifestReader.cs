using Amazon.S3;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Warehouse.Loading;

public sealed record ManifestFile(string Bucket, string Key);

/// <summary>Reads a COPY manifest and checks that it names only this partition's staged files in the lake's bucket.</summary>
public static class ManifestReader
{
    public static async Task<IReadOnlyList<ManifestFile>> ReadAsync(IAmazonS3 s3, LakeSettings lake, DailyPartition partition, string manifestKey, CancellationToken ct)
    {
        var bytes = await LakeReads.ReadBytesAsync(s3, lake, lake.BucketName, manifestKey, ct);
        var manifest = CopyManifest.Parse(bytes, $"s3://{lake.BucketName}/{manifestKey}");
        var allowed = $"{LakeKeys.StagedPrefix}{partition.Key}/";
        return manifest.Entries.Select(e =>
        {
            var url = new Uri(e.Url);
            var key = url.AbsolutePath.TrimStart('/');
            if (url.Scheme != "s3" || url.Host != lake.BucketName || !key.StartsWith(allowed, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Manifest {manifestKey} names {e.Url}, which is not a staged file of partition {partition} in bucket {lake.BucketName}.");
            }

            return new ManifestFile(url.Host, key);
        }).ToList();
    }
}
