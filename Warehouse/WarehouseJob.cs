using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;

namespace MarketAspire.Warehouse;

public sealed class WarehouseJob : IPartitionJob
{
    public string Service => MarketAssets.Warehouse;

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
}
