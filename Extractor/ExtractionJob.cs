using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;

namespace MarketAspire.Extractor;

public sealed class ExtractionJob : IPartitionJob
{
    public string Service => MarketAssets.Extractor;

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
}
