using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Orchestrator;
using MarketAspire.Quality;
using MarketAspire.Quality.Checks;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.Tests.Orchestration;

/// <summary>
/// The graph is the one definition: a graph with one more asset (in a service of its own) and one more check runs
/// through the same Orchestrator code, with only the new code added: its module and its check's implementation.
/// </summary>
public partial class BackfillTests
{
    [Fact]
    public async Task A_graph_with_one_more_asset_and_check_is_backfilled_by_the_same_orchestrator()
    {
        await using var stack = await StartAsync();
        var analytics = ServiceModule.Create<ReturnsJob>(OneMoreAsset.Service, builder => builder.Services.AddWarehouseDatabase(OneMoreAsset.Service));
        var quality = QualityModule.Module.With(builder => builder.Services.AddSingleton<IAssetCheck, ReturnsRecordedCheck>());

        var result = await stack.BackfillAsync(OneMoreAsset.Graph, [.. ServiceModules.All.Where(m => m.Service != MarketAssets.Quality), quality, analytics],
            "backfill", "--from", "2026-11-24", "--to", "2026-11-25");

        Assert.True(result.Succeeded, stack.Output.ToString());
        var grid = await stack.StatusAsync("2026-11-24", "2026-11-25", OneMoreAsset.Graph);
        foreach (var partition in grid.Partitions)
        {
            Assert.Equal(PartitionState.Materialized, grid[OneMoreAsset.DailyReturns, partition].State);
            Assert.Empty(grid.Checks(partition).Errors);
        }

        Assert.Equal(2, await Infrastructure.JobHarness.ScalarAsync<long>(stack.Settings,
            "SELECT count(*) FROM market_meta.check_evaluations WHERE check_name = 'returns_recorded' AND passed", Ct));
        var factRows = await Infrastructure.JobHarness.ScalarAsync<long>(stack.Settings,
            "SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = '2026-11-25'", Ct);
        Assert.True(factRows > 0);
        Assert.Equal($"{{\"rows\": {factRows}}}", await Infrastructure.JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'daily_returns' AND partition_date = '2026-11-25'", Ct));
    }

    [Fact]
    public async Task A_service_of_the_graph_without_code_is_named_before_anything_runs()
    {
        await using var stack = await StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            stack.BackfillAsync(OneMoreAsset.Graph, ServiceModules.All, "backfill", "--from", "2026-11-25", "--to", "2026-11-25"));

        Assert.Equal("The asset graph's services analytics have no module: add one to the runtime's module list.", error.Message);
        Assert.Empty(await stack.Meta.RecentRunsAsync(10, Ct));
    }

    /// <summary>The new asset's code: records one materialization built from the fact table's data version.</summary>
    private sealed class ReturnsJob(AssetGraphDefinition graph, MetaStore meta, WarehouseDatabase warehouse, TimeProvider time) : IPartitionJob
    {
        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
        {
            var fact = (await meta.LatestMaterializationsAsync(context.Partition, context.Partition, ct))
                .Single(m => m.Asset == MarketAssets.FctStockPrices && m.Status == RunStatus.Succeeded);
            await using var count = warehouse.DataSource.CreateCommand("SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = @p");
            count.Parameters.AddWithValue("p", context.Partition.Date);
            var rows = (long)(await count.ExecuteScalarAsync(ct))!;
            await meta.RecordMaterializationAsync(new MaterializationRecord(
                context.RunId, OneMoreAsset.DailyReturns, context.Partition, RunStatus.Succeeded, time.GetUtcNow(), time.GetUtcNow(), fact.DataVersion,
                new Dictionary<string, string> { [MarketAssets.FctStockPrices.Name] = fact.DataVersion! }, graph[OneMoreAsset.DailyReturns].CodeVersion,
                new Dictionary<string, object?> { ["rows"] = rows }, null), ct);
            return JobOutcome.Success;
        }
    }

    /// <summary>The new check's implementation, bound to its definition.</summary>
    private sealed class ReturnsRecordedCheck : IAssetCheck
    {
        private const string Recorded =
            "SELECT count(*) FROM market_meta.materializations WHERE asset = 'daily_returns' AND partition_date = @partition AND status = 'succeeded'";

        public AssetCheckDefinition Definition => OneMoreAsset.ReturnsRecorded;

        public IReadOnlyList<string> Statements => [Recorded];

        public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
        {
            await using var command = new Npgsql.NpgsqlCommand(Recorded, context.Connection);
            command.Parameters.AddWithValue("partition", context.Partition.Date);
            var count = (long)(await command.ExecuteScalarAsync(ct))!;
            return new CheckResult(count > 0, $"{count} daily_returns materializations", new Dictionary<string, object?>(), []);
        }
    }
}
