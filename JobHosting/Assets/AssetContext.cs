using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.JobHosting.Assets;

/// <summary>What an asset's materialization gets: the run, the partition, and the values of the upstream assets this run materialized.</summary>
public sealed class AssetContext(JobContext job, AssetDefinition asset, IReadOnlyDictionary<AssetKey, AssetOutput> materialized)
{
    public JobContext Job => job;

    public string RunId => job.RunId;

    public DailyPartition Partition => job.Partition;

    public AssetDefinition Asset => asset;

    /// <summary>The value an upstream asset returned in this run; asking for an asset that is not upstream is a programming error that names both.</summary>
    public T Input<T>(AssetKey upstream)
    {
        if (!asset.Upstream.Contains(upstream))
        {
            throw new InvalidOperationException($"Asset '{asset.Key}' reads '{upstream}', which the graph does not list upstream of it.");
        }

        return materialized.TryGetValue(upstream, out var output) && output.Value is T value
            ? value
            : throw new InvalidOperationException($"Asset '{asset.Key}' needs '{upstream}' materialized in the same run (as {typeof(T).Name}).");
    }

    /// <summary>
    /// The value an asset that is not upstream returned earlier in this run, if it ran: a hint (the prices' split-like
    /// gaps tell the corporate actions whom to refresh), never data the asset is built from.
    /// </summary>
    public T? Hint<T>(AssetKey other)
        where T : class => materialized.TryGetValue(other, out var output) ? output.Value as T : null;
}
