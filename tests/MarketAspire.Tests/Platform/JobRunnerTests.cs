using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.Tests.Platform;

public class JobRunnerTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Dictionary<string, string?>> MigratedAsync() => servers.MigratedEnvironmentAsync(Ct);

    [Fact]
    public async Task A_successful_job_exits_0_and_records_its_run()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        var exit = await builder.RunJobAsync(ServiceModule.Create<SucceedingJob>(MarketAssets.Quality, _ => { }), MarketAssets.Graph);

        Assert.Equal(JobExitCodes.Succeeded, exit);
        var run = Assert.Single(await JobHarness.RunsAsync(settings, Ct));
        Assert.Equal((MarketAssets.Quality, "2026-11-25", RunStatus.Succeeded), (run.Job, run.Partitions, run.Status));
        Assert.Equal("fct_stock_prices:checks", run.Selection);
        Assert.NotNull(run.FinishedAt);
    }

    [Fact]
    public async Task A_failing_job_exits_1_and_records_the_reason()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        var exit = await builder.RunJobAsync(ServiceModule.Create<FailingJob>(MarketAssets.Extractor, _ => { }), MarketAssets.Graph);

        Assert.Equal(JobExitCodes.Failed, exit);
        var run = Assert.Single(await JobHarness.RunsAsync(settings, Ct));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("two symbols failed", run.Error);
    }

    [Fact]
    public async Task A_crashing_job_exits_1_and_records_the_exception()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.Failed, await builder.RunJobAsync(ServiceModule.Create<CrashingJob>(MarketAssets.Warehouse, _ => { }), MarketAssets.Graph));
        var run = Assert.Single(await JobHarness.RunsAsync(settings, Ct));
        Assert.Equal("InvalidOperationException: boom", run.Error);
    }

    [Fact]
    public async Task A_run_whose_end_cannot_be_recorded_exits_1_and_says_so_instead_of_crashing_the_host()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        var exit = await builder.RunJobAsync(ServiceModule.Create<RecordsBreakingJob>(MarketAssets.Quality, _ => { }), MarketAssets.Graph);

        Assert.Equal(JobExitCodes.Failed, exit);
        await JobHarness.ExecuteAsync(settings, "ALTER TABLE market_meta.runs_gone RENAME TO runs", Ct);
        var run = Assert.Single(await JobHarness.RunsAsync(settings, Ct));
        Assert.Equal(RunStatus.Running, run.Status); // failed as abandoned once its heartbeat is stale
    }

    [Fact]
    public async Task A_malformed_partition_stops_the_job_before_it_runs()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-02-30");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.NotStarted, await builder.RunJobAsync(ServiceModule.Create<SucceedingJob>(MarketAssets.Quality, _ => { }), MarketAssets.Graph));
        Assert.Empty(await JobHarness.RunsAsync(settings, Ct));
    }

    [Fact]
    public async Task An_unreachable_warehouse_stops_the_job_before_it_runs()
    {
        var settings = await MigratedAsync();
        settings["REDSHIFT_PORT"] = FreePort.Next().ToString();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.NotStarted, await builder.RunJobAsync(ServiceModule.Create<SucceedingJob>(MarketAssets.Quality, _ => { }), MarketAssets.Graph));
    }

    [Fact]
    public async Task A_run_whose_process_is_gone_is_marked_failed_with_the_reason_and_a_live_one_is_left_alone()
    {
        var settings = await MigratedAsync();
        // As a kill -9 leaves them: one run stopped stamping 10 minutes ago, one stamped just now (its process lives).
        await JobHarness.ExecuteAsync(settings,
            """
            INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, status, heartbeat_at) VALUES
              ('killed', 'warehouse', 's', '2026-11-24', now() - interval '15 minutes', 'running', now() - interval '10 minutes'),
              ('before-heartbeats', 'warehouse', 's', '2026-11-23', now() - interval '2 hours', 'running', NULL),
              ('alive', 'warehouse', 's', '2026-11-24', now() - interval '15 minutes', 'running', now())
            """, Ct);
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.Succeeded, await builder.RunJobAsync(ServiceModule.Create<SucceedingJob>(MarketAssets.Quality, _ => { }), MarketAssets.Graph));

        var runs = (await JobHarness.RunsAsync(settings, Ct)).ToDictionary(r => r.RunId);
        Assert.Equal(RunStatus.Failed, runs["killed"].Status);
        Assert.StartsWith("abandoned: no heartbeat since ", runs["killed"].Error);
        Assert.Contains("its process ended without finishing the run", runs["killed"].Error);
        Assert.NotNull(runs["killed"].FinishedAt);
        Assert.Equal(RunStatus.Failed, runs["before-heartbeats"].Status);
        Assert.Equal(RunStatus.Running, runs["alive"].Status);
    }

    [Fact]
    public async Task A_running_job_stamps_its_run_while_it_works()
    {
        var settings = await MigratedAsync();
        settings["MARKET_RUN_HEARTBEAT_SECONDS"] = "1";
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.Succeeded, await builder.RunJobAsync(ServiceModule.Create<SlowJob>(MarketAssets.Quality, _ => { }), MarketAssets.Graph));

        Assert.True(SlowJob.StampsSeen >= 2, $"the heartbeat advanced {SlowJob.StampsSeen} times during a 3.5 s job with a 1 s interval");
    }

    private sealed class SlowJob(Microsoft.Extensions.Configuration.IConfiguration configuration) : IPartitionJob
    {
        public static int StampsSeen { get; private set; }

        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
        {
            var settings = Microsoft.Extensions.Configuration.ConfigurationExtensions.AsEnumerable(configuration).ToDictionary(kv => kv.Key, kv => kv.Value);
            var seen = new HashSet<DateTime>();
            for (var i = 0; i < 7; i++)
            {
                await Task.Delay(500, ct);
                seen.Add(await JobHarness.ScalarAsync<DateTime>(settings, $"SELECT heartbeat_at FROM market_meta.runs WHERE run_id = '{context.RunId}'", ct));
            }

            StampsSeen = seen.Count - 1;
            return JobOutcome.Success;
        }
    }

    /// <summary>Succeeds, after taking away the table its run's end is written to.</summary>
    private sealed class RecordsBreakingJob(JobHosting.Storage.WarehouseDatabase warehouse) : IPartitionJob
    {
        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
        {
            await using var rename = warehouse.DataSource.CreateCommand("ALTER TABLE market_meta.runs RENAME TO runs_gone");
            await rename.ExecuteNonQueryAsync(ct);
            return JobOutcome.Success;
        }
    }

    private sealed class SucceedingJob : IPartitionJob
    {
        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
    }

    private sealed class FailingJob : IPartitionJob
    {
        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Failure("two symbols failed"));
    }

    private sealed class CrashingJob : IPartitionJob
    {
        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => throw new InvalidOperationException("boom");
    }
}
