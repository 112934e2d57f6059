using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.JobHosting.Assets;

/// <summary>What an asset's materialization gets: the run, the partition, and the values of the upstream assets this run materialized.</summary>
/// <param name="materialized">The outputs of the assets this run materialized.</param>
/// <param name="ran">The outputs of every asset this run ran, failed ones too (for hints).</param>
public sealed class AssetContext(
    JobContext job, AssetDefinition asset, IReadOnlyDictionary<AssetKey, AssetOutput> materialized, IReadOnlyDictionary<AssetKey, AssetOutput>? ran = null)
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

        if (!materialized.TryGetValue(upstream, out var output))
        {
            throw new InvalidOperationException($"Asset '{asset.Key}' needs '{upstream}' materialized in the same run.");
        }

        return output.Value is T value
            ? value
            : throw new InvalidOperationException($"Asset '{upstream}' returned {output.Value?.GetType().Name ?? "no value"}; '{asset.Key}' reads it as {typeof(T).Name}.");
    }

    /// <summary>
    /// The value an asset that is not upstream returned earlier in this run, if it ran, even if it failed in part: a hint
    /// (the prices' split-like gaps tell the corporate actions whom to refresh), never data the asset is built from.
    /// </summary>
    public T? Hint<T>(AssetKey other)
        where T : class => (ran ?? materialized).TryGetValue(other, out var output) ? output.Value as T : null;
}
