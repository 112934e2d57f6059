using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Jobs;
using MarketAspire.AssetGraph.Records;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Platform;

public class JobRunnerTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Dictionary<string, string?>> MigratedAsync()
    {
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(Ct);
        return settings;
    }

    [Fact]
    public async Task A_successful_job_exits_0_and_records_its_run()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        var exit = await builder.RunJobAsync<SucceedingJob>();

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

        var exit = await builder.RunJobAsync<FailingJob>();

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

        Assert.Equal(JobExitCodes.Failed, await builder.RunJobAsync<CrashingJob>());
        var run = Assert.Single(await JobHarness.RunsAsync(settings, Ct));
        Assert.Equal("InvalidOperationException: boom", run.Error);
    }

    [Fact]
    public async Task A_malformed_partition_stops_the_job_before_it_runs()
    {
        var settings = await MigratedAsync();
        var builder = JobHarness.Builder(settings, "--partition", "2026-02-30");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.NotStarted, await builder.RunJobAsync<SucceedingJob>());
        Assert.Empty(await JobHarness.RunsAsync(settings, Ct));
    }

    [Fact]
    public async Task An_unreachable_warehouse_stops_the_job_before_it_runs()
    {
        var settings = await MigratedAsync();
        settings["REDSHIFT_PORT"] = FreePort.Next().ToString();
        var builder = JobHarness.Builder(settings, "--partition", "2026-11-25");
        builder.Services.AddWarehouseDatabase("tests");

        Assert.Equal(JobExitCodes.NotStarted, await builder.RunJobAsync<SucceedingJob>());
    }

    private sealed class SucceedingJob : IPartitionJob
    {
        public string Service => MarketAssets.Quality;

        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
    }

    private sealed class FailingJob : IPartitionJob
    {
        public string Service => MarketAssets.Extractor;

        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Failure("two symbols failed"));
    }

    private sealed class CrashingJob : IPartitionJob
    {
        public string Service => MarketAssets.Warehouse;

        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => throw new InvalidOperationException("boom");
    }
}
