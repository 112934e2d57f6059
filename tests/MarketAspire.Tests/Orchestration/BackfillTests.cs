using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Orchestrator;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Orchestration;

/// <summary>Backfills through the real services (in process), the simulator, PostgreSQL and the S3 emulator.</summary>
public class BackfillTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Stack(Dictionary<string, string?> settings, SimulatorServer simulator) : IAsyncDisposable
    {
        public Dictionary<string, string?> Settings { get; } = settings;

        public StringWriter Output { get; } = new();

        public MetaStore Meta { get; } = new(JobHarness.DataSource(settings), AssetGraph.Configuration.WarehouseDialect.Postgres);

        public async Task<BackfillResult> BackfillAsync(params string[] args)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
            await using var runners = await ServiceRunners.StartAsync(configuration, Ct);
            var command = OrchestratorCommand.Parse(args, MarketAssets.Graph, TimeProvider.System);
            return await new BackfillRunner(runners, Meta, TimeProvider.System, Output, TimeSpan.FromSeconds(15)).RunAsync(command, Ct);
        }

        public Task<AssetStatusGrid> StatusAsync(string from, string to) =>
            StatusReader.ReadAsync(Meta, MarketAssets.Graph, DailyPartition.Parse(from), DailyPartition.Parse(to), Ct);

        public ValueTask DisposeAsync() => simulator.DisposeAsync();
    }

    private async Task<Stack> StartAsync(Dictionary<string, string?>? simulatorSettings = null, string symbols = "IBM,MSFT,AAPL")
    {
        var simulator = await SimulatorServer.StartAsync(simulatorSettings ?? [], Ct);
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        await using (var db = await JobHarness.OpenWarehouseAsync(settings))
        {
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(Ct);
        }

        settings["MARKET_API_BASE_URL"] = simulator.BaseUrl;
        settings["MARKET_SYMBOLS"] = symbols;
        settings["MARKET_API_RETRY_BASE_MS"] = "10";
        settings["MARKET_API_QUOTA_RETRY_SECONDS"] = "0";
        settings["MARKET_ENV_FILE"] = "none";
        return new Stack(settings, simulator);
    }

    [Fact]
    public async Task A_backfill_of_twelve_partitions_materializes_every_asset_and_check()
    {
        await using var stack = await StartAsync();

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-10", "--to", "2026-11-21", "--concurrency", "3");

        Assert.True(result.Succeeded, stack.Output.ToString());
        Assert.Equal(12, result.Ran);
        var grid = await stack.StatusAsync("2026-11-10", "2026-11-21");
        foreach (var partition in grid.Partitions)
        {
            Assert.All(MarketAssets.Graph.Assets, a => Assert.Equal(PartitionState.Materialized, grid[a.Key, partition].State));
            Assert.Empty(grid.Checks(partition).Errors);
        }

        Assert.Contains("[  12/12]", stack.Output.ToString());
        Assert.Contains("partitions/min | ETA", stack.Output.ToString());
        var backfillRun = (await stack.Meta.RecentRunsAsync(100, Ct)).Single(r => r.Job == "backfill");
        Assert.Equal(("2026-11-10..2026-11-21", RunStatus.Succeeded), (backfillRun.Partitions, backfillRun.Status));
    }

    [Fact]
    public async Task An_unchanged_rerun_skips_everything()
    {
        await using var stack = await StartAsync();
        await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20");
        var runsBefore = (await stack.Meta.RecentRunsAsync(1000, Ct)).Count;

        var again = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20");

        Assert.True(again.Succeeded);
        Assert.Equal((0, 5), (again.Ran, again.Skipped));
        Assert.Equal(runsBefore + 1, (await stack.Meta.RecentRunsAsync(1000, Ct)).Count); // only the backfill's own record
    }

    [Fact]
    public async Task A_resumed_backfill_reruns_only_the_failed_partition()
    {
        // IBM answers HTTP 500 to its first five requests: every attempt of the first partition fails.
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["Faults:IBM"] = "http-500:5" });
        var first = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--concurrency", "1");

        Assert.False(first.Succeeded);
        var failure = Assert.Single(first.Failures);
        Assert.Equal(("2026-11-16", "extractor"), (failure.Partition.Key, failure.Step));
        Assert.Contains("IBM: HTTP 500 Internal Server Error after retries", failure.Reason);
        Assert.Contains("FAILED 2026-11-16 at extractor", stack.Output.ToString());

        var resumed = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--concurrency", "1");

        Assert.True(resumed.Succeeded, stack.Output.ToString());
        Assert.Equal((1, 4), (resumed.Ran, resumed.Skipped));
    }

    [Fact]
    public async Task Staleness_appears_after_an_upstream_change_and_clears_after_downstream_runs()
    {
        await using var stack = await StartAsync();
        await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-20");

        stack.Settings["MARKET_SYMBOLS"] = "IBM,MSFT,AAPL,NVDA";
        await stack.BackfillAsync("materialize", "--partition", "2026-11-20", "--asset", "raw_stock_prices");

        var stale = await stack.StatusAsync("2026-11-20", "2026-11-20");
        var partition = DailyPartition.Parse("2026-11-20");
        Assert.Equal(PartitionState.Materialized, stale[MarketAssets.RawStockPrices, partition].State);
        Assert.Equal(PartitionState.Stale, stale[MarketAssets.StagedStockPrices, partition].State);
        Assert.StartsWith("raw_stock_prices is now ", stale[MarketAssets.StagedStockPrices, partition].Reason);
        Assert.Contains("STALE", StatusRenderer.Render(stale, []));

        var catchUp = await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-20");

        Assert.Equal(1, catchUp.Ran);
        var fresh = await stack.StatusAsync("2026-11-20", "2026-11-20");
        Assert.All(MarketAssets.Graph.Assets, a => Assert.Equal(PartitionState.Materialized, fresh[a.Key, partition].State));
        Assert.Equal(400, await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.fct_stock_prices", Ct));
    }

    [Fact]
    public async Task A_spent_daily_quota_stops_starting_partitions_and_a_later_run_resumes()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["RequestsPerDay"] = "7" });
        var first = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--concurrency", "1");

        Assert.False(first.Succeeded);
        Assert.Equal("the API's daily quota is spent; resume tomorrow (or with a higher quota)", first.StopReason);
        Assert.Equal(2, first.NotStarted);
        Assert.Contains("stopped early", stack.Output.ToString());
    }
}
