using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Faults;

/// <summary>A bucket's objects (key, size), and what must hold of them after any fault.</summary>
public sealed record LakeState(IReadOnlyList<(string Key, long Size)> Objects)
{
    public static async Task<LakeState> ReadAsync(IAmazonS3 s3, string bucket, CancellationToken ct)
    {
        var objects = new List<(string, long)>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            objects.AddRange((page.S3Objects ?? []).Select(o => (o.Key, o.Size ?? 0)));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return new LakeState([.. objects.OrderBy(o => o.Item1, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// What a re-run must reproduce: the raw and curated objects with their sizes, and the staged files of the given
    /// (latest successful) run, its id replaced. Staged folders of failed runs are per run by design and are not compared.
    /// </summary>
    public IReadOnlyList<string> Comparable(string? latestRun) =>
    [
        .. Objects.Where(o => !o.Key.StartsWith("staged/", StringComparison.Ordinal)).Select(o => $"{o.Key} {o.Size}"),
        .. Objects.Where(o => latestRun is not null && o.Key.StartsWith("staged/", StringComparison.Ordinal) && o.Key.Contains($"/{latestRun}/", StringComparison.Ordinal))
            .Select(o => o.Key.Replace(latestRun!, "{run}", StringComparison.Ordinal)),
    ];

    /// <summary>
    /// Every manifest's files exist with the length it says, and every staged file is named by a manifest (none is left
    /// behind by a failed run); every raw object's bytes hash to the SHA-256 it was landed with.
    /// </summary>
    public async Task<List<string>> ViolationsAsync(IAmazonS3 s3, string bucket, CancellationToken ct)
    {
        var sizes = Objects.ToDictionary(o => o.Key, o => o.Size);
        var problems = new List<string>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in Objects.Where(o => o.Key.EndsWith("/" + CopyManifest.FileName, StringComparison.Ordinal)))
        {
            var manifest = CopyManifest.Parse(await ReadAsync(s3, bucket, key, ct), key);
            foreach (var entry in manifest.Entries)
            {
                var file = new Uri(entry.Url).AbsolutePath.TrimStart('/');
                named.Add(file);
                if (!sizes.TryGetValue(file, out var size))
                {
                    problems.Add($"{key} names {entry.Url}, which is missing");
                }
                else if (size != entry.Meta.ContentLength)
                {
                    problems.Add($"{key} names {entry.Url} with {entry.Meta.ContentLength} bytes; it has {size}");
                }
            }
        }

        problems.AddRange(Objects.Where(o => o.Key.StartsWith("staged/", StringComparison.Ordinal) && o.Key.Contains("/part-", StringComparison.Ordinal) && !named.Contains(o.Key))
            .Select(o => $"{o.Key} is a staged file no manifest names (left behind by a failed run)"));
        foreach (var (key, _) in Objects.Where(o => o.Key.StartsWith("raw/", StringComparison.Ordinal)))
        {
            using var response = await s3.GetObjectAsync(bucket, key, ct);
            using var memory = new MemoryStream();
            await response.ResponseStream.CopyToAsync(memory, ct);
            if (response.Metadata["sha256"] is { Length: > 0 } recorded && recorded != Convert.ToHexStringLower(SHA256.HashData(memory.ToArray())))
            {
                problems.Add($"{key} was landed with SHA-256 {recorded} but its bytes hash otherwise (torn object)");
            }
        }

        return problems;
    }

    /// <summary>Each object a raw materialization says it landed is in the lake with the SHA-256 the record names.</summary>
    public async Task<List<string>> RecordViolationsAsync(IAmazonS3 s3, string bucket, IEnumerable<string> materializationMetadata, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var json in materializationMetadata)
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("objects", out var objects))
            {
                continue;
            }

            foreach (var landed in objects.EnumerateArray())
            {
                var key = landed.GetProperty("Key").GetString()!;
                var sha = landed.GetProperty("Sha256").GetString();
                try
                {
                    var head = await s3.GetObjectMetadataAsync(bucket, key, ct);
                    if (head.Metadata["sha256"] != sha)
                    {
                        problems.Add($"the record says {key} has SHA-256 {sha}; the lake's object says {head.Metadata["sha256"]}");
                    }
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    problems.Add($"the record says {key} was landed; the lake has no such object");
                }
            }
        }

        return problems;
    }

    private static async Task<byte[]> ReadAsync(IAmazonS3 s3, string bucket, string key, CancellationToken ct)
    {
        using var response = await s3.GetObjectAsync(bucket, key, ct);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory, ct);
        return memory.ToArray();
    }
}
