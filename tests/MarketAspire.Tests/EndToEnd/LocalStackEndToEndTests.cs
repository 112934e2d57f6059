using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>Boots the whole AppHost in process mode (real PostgreSQL, real S3 emulator, real jobs) on free ports.</summary>
public class LocalStackEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_local_stack_runs_every_job_to_completion_and_records_each_run()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
        await using var app = await builder.BuildAsync(Ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);

        var last = MarketAssets.Graph.ServicesInOrder[^1].Name;
        var finished = await app.ResourceNotifications.WaitForResourceAsync(
            last, e => e.Snapshot.State?.Text == KnownResourceStates.Finished || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, timeout.Token);
        Assert.Equal(KnownResourceStates.Finished, finished.Snapshot.State?.Text);
        Assert.Equal(0, finished.Snapshot.ExitCode);

        var runs = await JobHarness.RunsAsync(stack.WarehouseSettings, timeout.Token);
        Assert.Equal(
            MarketAssets.Graph.ServicesInOrder.Select(s => (s.Name, "2026-11-25", "succeeded")).ToHashSet(),
            runs.Select(r => (r.Job, r.Partitions, r.Status)).ToHashSet());

        await app.StopAsync(CancellationToken.None);
    }
}
