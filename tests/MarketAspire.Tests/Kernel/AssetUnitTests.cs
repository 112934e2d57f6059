using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Tests.Kernel;

/// <summary>The asset units' rules, on a small graph: binding, selection, inputs and versions.</summary>
public class AssetUnitTests
{
    private static readonly AssetKey A = new("a"), B = new("b"), C = new("c"), D = new("d"), Other = new("other");

    // a -> b -> c and a -> d in service "maker"; "other" belongs to service "elsewhere".
    private static readonly AssetGraphDefinition Graph = new(
        [new ServiceDefinition("maker", "Maker"), new ServiceDefinition("elsewhere", "Elsewhere")],
        [
            new AssetDefinition(A, [], "maker", ""), new AssetDefinition(B, [A], "maker", "", "7"),
            new AssetDefinition(C, [B], "maker", ""), new AssetDefinition(D, [A], "maker", ""),
            new AssetDefinition(Other, [], "elsewhere", ""),
        ],
        []);

    private static readonly ServiceDefinition Maker = Graph.Service("maker");

    private sealed class Unit(AssetKey key) : IAsset
    {
        public AssetKey Key => key;

        public Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct) => throw new NotSupportedException();
    }

    [Fact]
    public void Each_asset_of_the_service_needs_exactly_one_implementation_and_others_are_ignored()
    {
        var bound = AssetUnits.Bind(Graph, Maker, [new Unit(A), new Unit(B), new Unit(C), new Unit(D), new Unit(Other)]);
        Assert.Equal(["a", "b", "c", "d", "other"], bound.Keys.Select(k => k.Name).Order());

        Assert.Equal("The asset graph's assets c, d of service 'maker' have no implementation.",
            Assert.Throws<InvalidOperationException>(() => AssetUnits.Bind(Graph, Maker, [new Unit(A), new Unit(B)])).Message);
        Assert.Equal("Asset 'b' has two implementations: Unit and Unit.",
            Assert.Throws<InvalidOperationException>(() => AssetUnits.Bind(Graph, Maker, [new Unit(A), new Unit(B), new Unit(B)])).Message);
    }

    [Fact]
    public void A_selection_runs_the_selected_assets_and_their_upstream_assets_of_the_service_in_graph_order()
    {
        IReadOnlyList<AssetKey> Selected(params AssetKey[] keys) => [.. AssetUnits.Selection(Graph, Maker, keys.ToHashSet()).Select(a => a.Key)];

        Assert.Equal([A, B, C, D], AssetUnits.Selection(Graph, Maker, null).Select(a => a.Key));
        Assert.Equal([A, B, C], Selected(C));
        Assert.Equal([A, D], Selected(D));
        Assert.Equal([A], Selected(A));
        Assert.Empty(Selected(Other));
    }

    [Fact]
    public void An_input_must_be_upstream_and_materialized_in_the_run_with_the_type_asked_for()
    {
        var job = new JobContext("run", DailyPartition.Parse("2026-11-25"));
        var output = new AssetOutput(42L, new { });
        var context = new AssetContext(job, Graph[C], new Dictionary<AssetKey, AssetOutput> { [B] = output, [A] = output });

        Assert.Equal(42L, context.Input<long>(B));
        Assert.Equal("Asset 'c' reads 'a', which the graph does not list upstream of it.",
            Assert.Throws<InvalidOperationException>(() => context.Input<long>(A)).Message);
        Assert.Equal("Asset 'b' returned Int64; 'c' reads it as String.",
            Assert.Throws<InvalidOperationException>(() => context.Input<string>(B)).Message);
        Assert.Equal("Asset 'b' needs 'a' materialized in the same run.",
            Assert.Throws<InvalidOperationException>(() => new AssetContext(job, Graph[B], new Dictionary<AssetKey, AssetOutput>()).Input<long>(A)).Message);
    }

    [Fact]
    public void A_hint_reads_what_ran_even_when_it_failed()
    {
        var job = new JobContext("run", DailyPartition.Parse("2026-11-25"));
        var failed = new AssetOutput("partial", new { }) { Failure = new AssetFailure("one symbol failed") };
        var context = new AssetContext(job, Graph[D], new Dictionary<AssetKey, AssetOutput>(), new Dictionary<AssetKey, AssetOutput> { [Other] = failed });

        Assert.Equal("partial", context.Hint<string>(Other));
        Assert.Null(context.Hint<string>(C));
    }

    [Fact]
    public void A_root_is_versioned_by_what_it_holds_and_any_other_asset_by_its_inputs_and_code()
    {
        Assert.Equal("content-hash", AssetVersions.Of(Graph[A], new Dictionary<AssetKey, string>(), "content-hash"));
        Assert.Equal("Asset 'a' has no upstream asset, so its materialization must say what it holds (ContentVersion).",
            Assert.Throws<InvalidOperationException>(() => AssetVersions.Of(Graph[A], new Dictionary<AssetKey, string>(), null)).Message);

        var version = AssetVersions.Of(Graph[B], new Dictionary<AssetKey, string> { [A] = "v1" }, "ignored");
        Assert.Equal(DataVersions.Of([("a", "v1"), ("code", "7")]), version);
        Assert.NotEqual(version, AssetVersions.Of(Graph[B], new Dictionary<AssetKey, string> { [A] = "v2" }, null));
        Assert.NotEqual(version, AssetVersions.Of(Graph[B] with { CodeVersion = "8" }, new Dictionary<AssetKey, string> { [A] = "v1" }, null));
    }

    [Fact]
    public void Typed_metadata_is_recorded_with_snake_case_names()
    {
        var metadata = AssetMetadata.ToDictionary(new { RowsNew = 3, ManifestKey = "m", Nested = new { PriceDate = "2026-11-25" } });

        Assert.Equal(["manifest_key", "nested", "rows_new"], metadata.Keys.Order());
        Assert.Equal("{\"price_date\":\"2026-11-25\"}", metadata["nested"]!.ToString());
    }
}
