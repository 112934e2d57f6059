using Amazon.S3;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// Removes what a failed staging run uploaded under its own run prefix: part files no manifest names (nothing would
/// ever load or delete them), and a manifest whose PUT failed only in its answer. The prefix is the run's alone.
/// </summary>
internal sealed class StagedRunCleanup(IAmazonS3 s3, LakeSettings lake, ILogger logger)
{
    /// <summary>
    /// Best effort, within one <see cref="LakeSettings.RequestTimeout"/> in all (a lake that just failed the step may
    /// still be down): when the lake refuses this too, the files stay and the step's own failure is what is reported.
    /// </summary>
    public async Task DiscardAsync(string prefix, string manifestKey, DailyPartition partition, Exception failure, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(lake.RequestTimeout);
        try
        {
            // The manifest first: a manifest must never outlive a file it names.
            await s3.DeleteObjectAsync(lake.BucketName, manifestKey, bounded.Token);
            var keys = await RawObjects.ListAsync(s3, lake.BucketName, prefix, bounded.Token);
            foreach (var key in keys)
            {
                await s3.DeleteObjectAsync(lake.BucketName, key.Key, bounded.Token);
            }

            WarehouseLog.StagedRunDiscarded(logger, partition.Key, keys.Count, prefix, failure.Message);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            WarehouseLog.StagedRunNotDiscarded(logger, partition.Key, prefix, ex.Message);
        }
    }
}
