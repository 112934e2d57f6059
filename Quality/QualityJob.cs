using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;

namespace MarketAspire.Quality;

public sealed class QualityJob : IPartitionJob
{
    public string Service => MarketAssets.Quality;

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
}
