using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Tests.Infrastructure;
using Testcontainers.LocalStack;

namespace MarketAspire.Tests.Platform;

/// <summary>
/// What the pipeline needs of S3, against each local S3 server: the process-mode emulator everywhere, LocalStack
/// (through Testcontainers) where a container engine is healthy.
/// </summary>
public class S3CompatibilityTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_process_mode_emulator_serves_what_the_pipeline_needs()
    {
        var emulator = await servers.S3;
        await AssertS3BehavesAsync(new Uri(emulator.Endpoint));
    }

    [Fact]
    public async Task LocalStack_serves_what_the_pipeline_needs()
    {
        if (!await ContainerEngine.IsHealthyAsync(TimeSpan.FromSeconds(5), Ct))
        {
            Assert.Skip("No healthy container engine (docker info failed): LocalStack cannot run here. The process-mode emulator test covers the same behaviour.");
        }

        await using var localstack = new LocalStackBuilder("localstack/localstack:4.0").Build();
        await localstack.StartAsync(Ct);
        await AssertS3BehavesAsync(new Uri(localstack.GetConnectionString()));
    }

    private static async Task AssertS3BehavesAsync(Uri endpoint)
    {
        using var s3 = LakeClientFactory.Create(new LakeSettings { BucketName = "unused", Region = SettingKeys.DefaultRegion, Endpoint = endpoint });
        var bucket = $"compat-{Guid.NewGuid():N}"[..30];
        await s3.PutBucketAsync(bucket, Ct);

        var body = new byte[50_000];
        Random.Shared.NextBytes(body);
        using (var stream = new MemoryStream(body))
        {
            var put = new PutObjectRequest { BucketName = bucket, Key = "raw/stock_data/2026-11-25/IBM.json", InputStream = stream };
            put.Metadata["sha256"] = "abc";
            await s3.PutObjectAsync(put, Ct);
        }

        using (var get = await s3.GetObjectAsync(bucket, "raw/stock_data/2026-11-25/IBM.json", Ct))
        using (var copy = new MemoryStream())
        {
            await get.ResponseStream.CopyToAsync(copy, Ct);
            Assert.Equal(body, copy.ToArray());
            Assert.Equal("abc", get.Metadata["sha256"]);
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 1005), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, ct) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"raw/stock_data/2026-11-26/S{i:D4}.json", ContentBody = "{}" }, ct));
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = "raw/stock_data/2026-11-26/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, Ct);
            keys.AddRange(page.S3Objects.Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        Assert.Equal(1005, keys.Distinct().Count());

        await s3.DeleteObjectAsync(bucket, "raw/stock_data/2026-11-25/IBM.json", Ct);
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "raw/stock_data/2026-11-25/IBM.json", Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
