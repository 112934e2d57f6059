using System.Text.RegularExpressions;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The deployed shape under infrastructure faults (issue #30): every function reaches the warehouse and the lake
/// through a <see cref="FaultProxy"/>, one fault is aimed at one step of one invocation, and each cell checks that the
/// execution ends as the state machine's <c>Retry</c> says (transient Lambda errors only: a function's own failure is
/// not retried), that no run is left <c>running</c>, and that a plain re-execution by the same, now warm, functions
/// ends with the fact table a clean execution leaves.
/// </summary>
public sealed class DeployedFaultTests(SharedServers servers)
{
    private static Task<string?>? _cleanFact;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One invocation per task: prepare (the warehouse function), then one per service.</summary>
    private static int TasksOfOneExecution => MarketAssets.Graph.ServicesInOrder.Count + 1;

    [Fact]
    public async Task Fault_warehouse_refused_mid_fact_transaction_is_retried_inside_the_invocation_and_the_warm_rerun_is_clean()
    {
        // Refusing resets every open connection through the proxy: the extractor's idle pooled ones too, which its warm
        // re-invocation then finds dead.
        await using var harness = await StartAsync();
        var fault = new FaultRule(new Regex(@"INSERT INTO market_data\.fct_stock_prices"), FaultKind.Refuse) { Duration = TimeSpan.FromSeconds(2) };

        var outcome = await ExecuteWithFaultAsync(harness, harness.WarehouseProxy!, fault);

        AssertSucceeded(outcome, harness);
        Assert.Equal(TasksOfOneExecution, harness.Run.Invoked.Count); // retried inside the invocation, not by the state machine
        await AssertNoRunLeftRunningAndARerunConvergesAsync(harness);
    }

    [Fact]
    public async Task Fault_warehouse_connection_black_holed_mid_COPY_fails_the_execution_once_naming_the_timeout()
    {
        await using var harness = await StartAsync(new Dictionary<string, string> { [SettingKeys.WarehouseStatementTimeout] = "4" });
        var fault = new FaultRule(new Regex(@"COPY market_data\.stg_stock_prices"), FaultKind.BlackHole);

        var outcome = await ExecuteWithFaultAsync(harness, harness.WarehouseProxy!, fault);

        Assert.True(outcome.Status == "FAILED", $"{outcome.Status} {outcome.Error}: {outcome.Cause}\n{harness.Run.Output}");
        Assert.Equal("JobFailed", outcome.Error); // not in the task's Retry: one invocation of the warehouse job, the quality task never ran
        Assert.Contains(SettingKeys.WarehouseStatementTimeout, outcome.Cause);
        Assert.Equal(TasksOfOneExecution - 1, harness.Run.Invoked.Count);
        var warehouse = Assert.Single(await JobHarness.RunsAsync(harness.Local, Ct), r => r.Job == MarketAssets.Warehouse);
        Assert.Equal(RunStatus.Failed, warehouse.Status);
        await AssertNoRunLeftRunningAndARerunConvergesAsync(harness);
    }

    [Fact]
    public async Task Fault_lake_refused_while_the_extractor_lands_is_retried_by_the_function()
    {
        // Refused, not reset: a reset right after a request on a reused connection is retried by .NET's HTTP handler
        // itself, so it would pass even without the S3 client's retries.
        await using var harness = await StartAsync();
        var fault = new FaultRule(new Regex($@"PUT /{Regex.Escape(harness.Local[SettingKeys.BucketName]!)}/raw/stock_data/"), FaultKind.Refuse) { Duration = TimeSpan.FromSeconds(2) };

        var outcome = await ExecuteWithFaultAsync(harness, harness.LakeProxy!, fault);

        AssertSucceeded(outcome, harness);
        Assert.Equal(TasksOfOneExecution, harness.Run.Invoked.Count);
        await AssertNoRunLeftRunningAndARerunConvergesAsync(harness);
    }

    private Task<DeployedHarness> StartAsync(IReadOnlyDictionary<string, string>? settings = null) =>
        DeployedHarness.StartAsync(servers, DeployedPipelineTests.Stack.Value, Ct, throughProxies: true, settings: settings);

    private static async Task<ExecutionOutcome> ExecuteWithFaultAsync(DeployedHarness harness, FaultProxy proxy, FaultRule fault)
    {
        proxy.Arm(fault);
        try
        {
            return await harness.ExecuteScheduledAsync(Ct);
        }
        finally
        {
            var fired = proxy.Fired;
            proxy.Disarm();
            Assert.True(fired > 0, $"the fault never fired: /{fault.Trigger}/ matches none of the functions' traffic");
        }
    }

    private static void AssertSucceeded(ExecutionOutcome outcome, DeployedHarness harness) =>
        Assert.True(outcome.Status == "SUCCEEDED", $"{outcome.Status} {outcome.Error}: {outcome.Cause}\n{outcome.Log}\n{harness.Run.Output}");

    /// <summary>No zombie run after the faulted execution; then a plain re-execution succeeds and leaves a clean execution's fact table.</summary>
    private async Task AssertNoRunLeftRunningAndARerunConvergesAsync(DeployedHarness harness)
    {
        var runs = await JobHarness.RunsAsync(harness.Local, Ct);
        Assert.True(runs.All(r => r.Status != RunStatus.Running), $"left running: {string.Join(", ", runs.Where(r => r.Status == RunStatus.Running).Select(r => r.Job))}");

        var rerun = await harness.ExecuteScheduledAsync(Ct);

        AssertSucceeded(rerun, harness);
        var after = await JobHarness.RunsAsync(harness.Local, Ct);
        Assert.All(after.Take(after.Count - runs.Count), r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(await CleanFactAsync(), await DeployedPipelineTests.FactAsync(harness.Local, Ct));
    }

    /// <summary>The fact table an execution that met no fault leaves (computed once, on a stack of its own).</summary>
    private Task<string?> CleanFactAsync() => LazyInitializer.EnsureInitialized(ref _cleanFact, async () =>
    {
        await using var clean = await DeployedHarness.StartAsync(servers, DeployedPipelineTests.Stack.Value, CancellationToken.None);
        var outcome = await clean.ExecuteScheduledAsync(CancellationToken.None);
        return outcome.Status == "SUCCEEDED"
            ? await DeployedPipelineTests.FactAsync(clean.Local, CancellationToken.None)
            : throw new InvalidOperationException($"the clean execution failed: {outcome.Error}: {outcome.Cause}");
    });
}
