using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.Tests.Platform;

/// <summary>The runner of asset units against the real records: what a failure stops, what an exception stops, what is recorded.</summary>
public class AssetJobTests(SharedServers servers)
{
    private static readonly AssetKey Root = new("root"), Left = new("left"), LeftChild = new("left_child"), Right = new("right");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // root -> left -> left_child, and root -> right, all in one service.
    private static readonly AssetGraphDefinition Graph = new(
        [new ServiceDefinition("maker", "Maker")],
        [
            new AssetDefinition(Root, [], "maker", ""), new AssetDefinition(Left, [Root], "maker", ""),
            new AssetDefinition(LeftChild, [Left], "maker", ""), new AssetDefinition(Right, [Root], "maker", ""),
        ],
        []);

    /// <summary>What each asset does this run: succeed, report a failure, or throw.</summary>
    private sealed class Script
    {
        public Dictionary<AssetKey, string> Behaviour { get; } = [];
    }

    private sealed class Scripted(AssetKey key, Script script) : IAsset
    {
        public AssetKey Key => key;

        public Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct) => script.Behaviour.GetValueOrDefault(key, "ok") switch
        {
            "fail" => Task.FromResult(new AssetOutput(null, new { Note = "partly" }) { ContentVersion = "v", Failure = new AssetFailure($"{key} could not", FailureKind.QuotaSpent) }),
            "throw" => throw new IOException($"{key} lost its server"),
            _ => Task.FromResult(new AssetOutput(key.Name, new { Note = "done" }) { ContentVersion = "v" }),
        };
    }

    private async Task<(JobRunResult Result, List<(string Asset, string Status)> Records)> RunAsync(params (AssetKey Key, string Behaviour)[] script)
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        var scripted = new Script();
        foreach (var (key, behaviour) in script)
        {
            scripted.Behaviour[key] = behaviour;
        }

        var module = ServiceModule.ForAssets("maker", b =>
        {
            b.Services.AddWarehouseDatabase("maker");
            b.Services.AddSingleton(scripted);
            foreach (var key in Graph.Assets.Select(a => a.Key))
            {
                b.Services.AddScoped<IAsset>(sp => new Scripted(key, sp.GetRequiredService<Script>()));
            }
        });
        using var host = JobHarness.Builder(settings).BuildJobHost(module, Graph);
        await host.StartAsync(Ct);
        var result = await host.Services.GetRequiredService<JobRunner>().ExecuteAsync(DailyPartition.Parse("2026-11-25"), null, null, Ct);
        await host.StopAsync(Ct);
        await using var records = JobHarness.DataSource(settings).CreateCommand("SELECT asset, status FROM market_meta.materializations ORDER BY started_at, asset");
        var list = new List<(string, string)>();
        await using var reader = await records.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }

        return (result, list);
    }

    [Fact]
    public async Task A_reported_failure_stops_the_assets_built_from_it_and_the_others_still_run()
    {
        var (result, records) = await RunAsync((Left, "fail"));

        Assert.Equal([("root", "succeeded"), ("left", "failed"), ("right", "succeeded")], records);
        Assert.Equal((false, FailureKind.QuotaSpent, "left 2026-11-25: left could not"), (result.Succeeded, result.Kind, result.Error));
    }

    [Fact]
    public async Task An_exception_is_recorded_and_stops_the_run_there()
    {
        var (result, records) = await RunAsync((Left, "throw"));

        Assert.Equal([("root", "succeeded"), ("left", "failed")], records);
        Assert.Equal((false, FailureKind.Failed, "IOException: left lost its server"), (result.Succeeded, result.Kind, result.Error));
    }
}
