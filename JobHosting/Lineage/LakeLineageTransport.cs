using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// Writes each event as a JSON-lines object in the lake: <c>lineage/{event date}/{runId}-{eventType}.jsonl</c> (S3 has no
/// append, so one object per event; run ids are UUID v7, so a day's objects list in time order). DuckDB, Athena or a
/// catalog's importer read <c>lineage/**/*.jsonl</c>.
/// </summary>
public sealed class LakeLineageTransport(IAmazonS3 s3, LakeSettings lake) : ILineageTransport
{
    public static string KeyOf(RunEvent runEvent) =>
        $"{MarketAssets.LineagePrefix}{runEvent.EventTime.UtcDateTime:yyyy-MM-dd}/{runEvent.Run.RunId}-{runEvent.EventType}.jsonl";

    public async Task SendAsync(RunEvent runEvent, string json, CancellationToken ct) =>
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = lake.BucketName,
            Key = KeyOf(runEvent),
            ContentBody = json + "\n",
            ContentType = "application/x-ndjson",
        }, ct);
}
