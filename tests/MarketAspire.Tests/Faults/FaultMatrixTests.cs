using System.Text.RegularExpressions;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Faults;

/// <summary>
/// The fault matrix (issue #30): one infrastructure fault aimed at one step of a job, then the same assertions for
/// every cell. The cells run one after another on the fixture's own servers (a cell may restart PostgreSQL).
/// </summary>
public sealed class FaultMatrixTests(FaultServers servers) : IClassFixture<FaultServers>
{
    /// <summary>Long enough for every bounded retry and timeout; a run still going after it waits without bound.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(FaultMatrix.Names), MemberType = typeof(FaultMatrix))]
    public async Task After_the_fault_the_run_succeeds_or_fails_cleanly_and_a_rerun_converges(string name)
    {
        var cell = FaultMatrix.Named(name);
        var job = cell.Step.Job;
        var clean = await servers.CleanAsync(job, Ct);
        await using var env = await CellEnvironment.CreateAsync(servers, job, Ct);
        var before = await env.WarehouseAsync(Ct);

        var run = await RunWithFaultAsync(cell, env);

        await AssertOutcomeAsync(cell, env, run);
        var inBetween = (await env.WarehouseAsync(Ct)).InBetween(before, clean.Warehouse);
        Assert.True(inBetween.Count == 0, $"half-written (neither as before the run nor as after a clean one): {string.Join(", ", inBetween)}");
        await AssertLakeConsistentAsync(env);
        var running = (await env.RunsAsync(Ct)).Where(r => r.Status == RunStatus.Running).ToList();
        Assert.True(running.Count == 0, $"left running: {string.Join(", ", running.Select(r => $"{r.Job} {r.RunId}"))}");

        var rerun = await env.RunAsync(job, Ct).WaitAsync(Bound, Ct);
        Assert.True(rerun.ExitCode == 0, $"the re-run failed: {rerun.Crash?.ToString() ?? (await env.RunsAsync(Ct))[0].Error}");
        var changed = (await env.WarehouseAsync(Ct)).DifferentFrom(clean.Warehouse);
        Assert.True(changed.Count == 0, $"after the re-run these tables differ from a clean run's: {string.Join(", ", changed)}");
        Assert.Equal(clean.Lake, await env.ComparableLakeAsync(Ct));
        await AssertLakeConsistentAsync(env);
    }

    private async Task<JobRun> RunWithFaultAsync(FaultCell cell, CellEnvironment env)
    {
        var trigger = cell.Step.Trigger(env.Bucket);
        var proxy = cell.Step.Side == Side.Lake ? servers.LakeProxy : servers.WarehouseProxy;
        if (cell.Fault.IsS3Error)
        {
            await servers.S3.ArmAsync(trigger, cell.Fault.Status, cell.Fault.Code, cell.Fault.Times, Ct);
        }
        else
        {
            proxy.Arm(new FaultRule(trigger, cell.Fault.Restart ? FaultKind.Callback : cell.Fault.Kind!.Value)
            {
                Times = cell.Fault.Times,
                Nth = cell.Fault.Nth,
                AfterBytes = cell.Fault.AfterBytes,
                InBody = cell.Fault.InBody,
                Duration = cell.Fault.Duration,
                OnFire = cell.Fault.Restart ? () => servers.Postgres.RestartAsync(CancellationToken.None) : null,
            });
        }

        if (cell.Step.Paced)
        {
            servers.LakeProxy.Arm(new FaultRule(new Regex($"GET /{Regex.Escape(env.Bucket)}/raw/stock_data/"), FaultKind.Delay) { Duration = TimeSpan.FromSeconds(1) });
        }

        foreach (var (key, value) in cell.Fault.Settings)
        {
            env.ThroughProxies[key] = value;
        }

        int fired;
        JobRun run;
        try
        {
            run = await env.RunAsync(cell.Step.Job, Ct).WaitAsync(Bound, Ct);
            await servers.Postgres.WaitUntilUpAsync(Ct);
            await AssertNothingLeftBehindAsync(env);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{cell}: the run did not end within {Bound.TotalSeconds:0} s: something waits without bound");
        }
        finally
        {
            fired = cell.Fault.IsS3Error ? await servers.S3.DisarmAsync(Ct) : proxy.Fired;
            servers.LakeProxy.Disarm();
            servers.WarehouseProxy.Disarm();
            foreach (var key in cell.Fault.Settings.Keys)
            {
                env.ThroughProxies.Remove(key);
            }

            await servers.Postgres.WaitUntilUpAsync(Ct);
        }

        Assert.True(fired > 0, $"{cell}: the fault never fired; its trigger /{trigger}/ matches none of the step's traffic");
        return run;
    }

    /// <summary>Succeeded after bounded retries, or failed with a message naming the fault, on the step's record.</summary>
    private static async Task AssertOutcomeAsync(FaultCell cell, CellEnvironment env, JobRun run)
    {
        Assert.True(run.Crash is null, $"the job's host let an exception escape instead of recording the run: {run.Crash}");
        var record = (await env.RunsAsync(Ct)).First(r => r.Job == JobOf(cell.Step.Job));
        TestContext.Current.TestOutputHelper?.WriteLine($"outcome of {cell}: exit {run.ExitCode}, {record.Status}{(record.Error is { } e ? $": {e}" : "")}");
        if (run.ExitCode == 0)
        {
            Assert.True(cell.Expect != Expect.FailsCleanly, $"the run succeeded, but no bounded retry outlasts {cell.Fault.Name}");
            Assert.Equal(RunStatus.Succeeded, record.Status);
            return;
        }

        Assert.True(cell.Expect != Expect.Survives, $"the run failed, but {cell.Fault.Name} should be retried within bounds: {record.Error}");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Matches(new Regex(cell.Fault.NamedBy, RegexOptions.IgnoreCase), record.Error ?? "");
        if (!(record.Error ?? "").Contains(cell.Step.Asset, StringComparison.Ordinal))
        {
            // The run's message names the fault; the failed materialization names the step.
            var failed = (await env.MaterializationsAsync(record.RunId, Ct)).Where(m => m.Status == RunStatus.Failed).ToList();
            var step = Assert.Single(failed);
            Assert.Equal(cell.Step.Asset, step.Asset);
            Assert.Matches(new Regex(cell.Fault.NamedBy, RegexOptions.IgnoreCase), step.Error ?? "");
        }
    }

    private static async Task AssertLakeConsistentAsync(CellEnvironment env)
    {
        var lake = await env.LakeAsync(Ct);
        var records = (await env.MaterializationsAsync(null, Ct))
            .Where(m => m.Asset == MarketAssets.RawStockPrices.Name || m.Asset == MarketAssets.RawCorporateActions.Name).Select(m => m.Metadata);
        var problems = (await lake.ViolationsAsync(env.S3, env.Bucket, Ct)).Concat(await lake.RecordViolationsAsync(env.S3, env.Bucket, records, Ct)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// No database session outlives the job (its pool closes with its host), and no client is still waiting on a
    /// black-holed connection. Idle keep-alive connections of the S3 SDK's process-wide HTTP client are not counted.
    /// </summary>
    private async Task AssertNothingLeftBehindAsync(CellEnvironment env)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        while (servers.WarehouseProxy.StuckConnections > 0 || servers.LakeProxy.StuckConnections > 0 || await env.LingeringSessionsAsync(Ct) > 0)
        {
            if (bounded.IsCancellationRequested)
            {
                Assert.Fail($"left behind after the job ended: {servers.WarehouseProxy.StuckConnections} warehouse and {servers.LakeProxy.StuckConnections} " +
                    $"lake connections still waiting, {await env.LingeringSessionsAsync(Ct)} database sessions");
            }

            await Task.Delay(100, Ct);
        }
    }

    private static string JobOf(FaultedJob job) => job switch
    {
        FaultedJob.Extractor => MarketAssets.Extractor,
        FaultedJob.Warehouse => MarketAssets.Warehouse,
        _ => MarketAssets.Quality,
    };
}
