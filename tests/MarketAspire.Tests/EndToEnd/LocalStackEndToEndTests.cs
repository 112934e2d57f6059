using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>Boots the whole AppHost in process mode (real PostgreSQL, S3 emulator, simulator and jobs) on free ports.</summary>
public class LocalStackEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the stack and waits until the last job of the graph has finished; the stack keeps running.</summary>
    private static async Task<(DistributedApplication App, ResourceEvent Last, Dictionary<string, string?> Warehouse)> RunStackAsync(LocalStackArgs stack)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
        var app = await builder.BuildAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);

        var last = MarketAssets.Graph.ServicesInOrder[^1].Name;
        var finished = await app.ResourceNotifications.WaitForResourceAsync(
            last, e => e.Snapshot.State?.Text is "Finished" or "FailedToStart" or "Exited", timeout.Token);
        return (app, finished, stack.WarehouseSettings);
    }

    [Fact]
    public async Task The_local_stack_loads_todays_partition_and_every_check_passes()
    {
        // Today's partition against the simulator in its default mode: no time travel, exactly what a user gets.
        var today = MarketAspire.AssetGraph.Partitions.DailyPartition.Latest(TimeProvider.System).Key;
        using var stack = new LocalStackArgs(null);
        var (app, last, warehouse) = await RunStackAsync(stack);
        await using var _ = app;

        Assert.Equal(KnownResourceStates.Finished, last.Snapshot.State?.Text);
        Assert.Equal(0, last.Snapshot.ExitCode);

        // DCP started each job as its built binary with the job's own arguments, not through `dotnet run`.
        foreach (var service in MarketAssets.Graph.ServicesInOrder)
        {
            var job = await app.ResourceNotifications.WaitForResourceAsync(service.Name, e => e.Snapshot.State?.Text == KnownResourceStates.Finished, Ct);
            var properties = job.Snapshot.Properties.ToDictionary(p => p.Name, p => p.Value);
            Assert.Equal(BuildOutput.BinaryOf(service.Project), properties["executable.path"]);
            Assert.Equal(["--partition", today], Assert.IsAssignableFrom<IEnumerable<string>>(properties["executable.args"]));
        }

        // Nothing of the stack (warehouse, S3 emulator, simulator, DCP and its proxies) listens beyond loopback.
        var exposed = ListeningSockets.OfThisProcessTree().Where(l => !l.IsLoopback).ToList();
        Assert.True(exposed.Count == 0, "listening on a non-loopback address: " + string.Join("; ", exposed));
        Assert.Contains(ListeningSockets.OfThisProcessTree(), l => l.Port == stack.S3Port);

        var runs = await JobHarness.RunsAsync(warehouse, Ct);
        Assert.Equal(
            MarketAssets.Graph.ServicesInOrder.Select(s => (s.Name, today, "succeeded")).ToHashSet(),
            runs.Select(r => (r.Job, r.Partitions, r.Status)).ToHashSet());

        // Every valid trading-day row the extractor landed is in the fact table, traceable to its object.
        var landedDays = await JobHarness.ScalarAsync<long>(warehouse,
            "SELECT sum((o->>'Days')::bigint) FROM market_meta.materializations m, jsonb_array_elements(m.metadata->'objects') o WHERE asset = 'raw_stock_prices'", Ct);
        Assert.Equal(800, landedDays);
        Assert.Equal(landedDays, await JobHarness.ScalarAsync<long>(warehouse,
            $"SELECT count(*) FROM market_data.fct_stock_prices WHERE source_key = 'raw/stock_data/{today}/' || symbol || '.json'", Ct));
        Assert.Equal(MarketAssets.Graph.Checks.Count, await JobHarness.ScalarAsync<long>(warehouse,
            $"SELECT count(*) FROM market_meta.check_evaluations WHERE partition_date = '{today}' AND passed", Ct));

        // The status resource prints the grid once the last job has finished.
        var status = await app.ResourceNotifications.WaitForResourceAsync("status", e => e.Snapshot.State?.Text == "Finished", Ct);
        Assert.Equal(0, status.Snapshot.ExitCode);

        // The dashboard command re-materializes the warehouse's assets and everything downstream.
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync("warehouse", "materialize", Ct);
        Assert.True(result.Success, result.Message);
        Assert.Equal(2, await JobHarness.ScalarAsync<long>(warehouse,
            $"SELECT count(*) FROM market_meta.materializations WHERE asset = 'fct_stock_prices' AND partition_date = '{today}' AND status = 'succeeded'", Ct));
        Assert.Equal(2 * MarketAssets.Graph.Checks.Count, await JobHarness.ScalarAsync<long>(warehouse,
            $"SELECT count(*) FROM market_meta.check_evaluations WHERE partition_date = '{today}'", Ct));

        // On the checks' resource, the command evaluates the checks again and nothing else.
        var checks = await commands.ExecuteCommandAsync("quality", "materialize", Ct);
        Assert.True(checks.Success, checks.Message);
        Assert.Equal(3 * MarketAssets.Graph.Checks.Count, await JobHarness.ScalarAsync<long>(warehouse,
            $"SELECT count(*) FROM market_meta.check_evaluations WHERE partition_date = '{today}'", Ct));
        Assert.Equal(2, await JobHarness.ScalarAsync<long>(warehouse,
            $"SELECT count(*) FROM market_meta.materializations WHERE asset = 'fct_stock_prices' AND partition_date = '{today}'", Ct));
    }

    [Fact]
    public async Task Broken_data_fails_the_quality_run_naming_the_check_symbol_and_date()
    {
        using var stack = new LocalStackArgs("2026-11-25", "MARKET_SIMULATOR_FAULTS=MSFT=negative-price");
        var (app, last, warehouse) = await RunStackAsync(stack);
        await using var _ = app;

        Assert.Equal(1, last.Snapshot.ExitCode);
        var error = await JobHarness.ScalarAsync<string>(warehouse, "SELECT error FROM market_meta.runs WHERE job = 'quality'", Ct);
        Assert.StartsWith("ERROR checks failed on fct_stock_prices 2026-11-25: validity: 1 of 800 rows invalid", error);
        Assert.Contains("first: MSFT 2026-11-25: open ", error);
    }
}
