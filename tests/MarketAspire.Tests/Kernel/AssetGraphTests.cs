using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Tests.Kernel;

public class AssetGraphTests
{
    [Fact]
    public void Market_graph_orders_assets_from_raw_to_curated()
    {
        Assert.Equal(
            ["raw_stock_prices", "raw_corporate_actions", "staged_stock_prices", "stg_stock_prices", "fct_stock_prices", "fct_splits", "fct_dividends", "curated_stock_prices", "raw_listing_status", "dim_securities"],
            MarketAssets.Graph.Assets.Select(a => a.Key.Name));
    }

    [Fact]
    public void Services_follow_the_assets_they_materialize()
    {
        var graph = MarketAssets.Graph;
        Assert.Equal(["extractor", "warehouse", "quality"], graph.ServicesInOrder.Select(s => s.Name));
        Assert.Empty(graph.UpstreamServices("extractor"));
        Assert.Equal(["extractor"], graph.UpstreamServices("warehouse").Select(s => s.Name));
        Assert.Equal(["warehouse"], graph.UpstreamServices("quality").Select(s => s.Name));
        Assert.All(graph.Checks, c => Assert.Equal(MarketAssets.FctStockPrices, c.Asset));
    }

    [Fact]
    public void Downstream_selection_includes_the_asset_and_everything_after_it()
    {
        Assert.Equal(
            ["stg_stock_prices", "fct_stock_prices", "curated_stock_prices"],
            MarketAssets.Graph.WithDownstream(MarketAssets.StgStockPrices).Select(a => a.Key.Name));
    }

    [Fact]
    public void A_cycle_is_rejected_with_its_path()
    {
        var a = new AssetKey("a");
        var b = new AssetKey("b");
        var ex = Assert.Throws<InvalidOperationException>(() => new AssetGraphDefinition(
            [new ServiceDefinition("s", "S")],
            [new AssetDefinition(a, [b], "s", ""), new AssetDefinition(b, [a], "s", "")],
            []));
        Assert.Contains("cycle", ex.Message);
        Assert.Contains("a -> b -> a", ex.Message);
    }

    [Fact]
    public void Unknown_upstream_or_service_is_named()
    {
        var ex1 = Assert.Throws<InvalidOperationException>(() => new AssetGraphDefinition(
            [new ServiceDefinition("s", "S")], [new AssetDefinition(new("x"), [new("missing")], "s", "")], []));
        Assert.Contains("'missing'", ex1.Message);

        var ex2 = Assert.Throws<InvalidOperationException>(() => new AssetGraphDefinition(
            [new ServiceDefinition("s", "S")], [new AssetDefinition(new("x"), [], "nobody", "")], []));
        Assert.Contains("'nobody'", ex2.Message);
    }

    [Fact]
    public void Services_that_feed_each_other_are_rejected()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new AssetGraphDefinition(
            [new ServiceDefinition("one", "One"), new ServiceDefinition("two", "Two")],
            [
                new AssetDefinition(new("a"), [], "one", ""),
                new AssetDefinition(new("b"), [new("a")], "two", ""),
                new AssetDefinition(new("c"), [new("b")], "one", ""),
            ],
            []));
        Assert.Contains("depend on each other", ex.Message);
    }

    [Fact]
    public void A_service_that_only_checks_runs_after_the_materializer_of_what_it_checks()
    {
        var graph = new AssetGraphDefinition(
            [new ServiceDefinition("checker", "Checker"), new ServiceDefinition("maker", "Maker")],
            [new AssetDefinition(new("a"), [], "maker", "")],
            [new AssetCheckDefinition("not_empty", new("a"), CheckSeverity.Error, "checker", "")]);
        Assert.Equal(["maker", "checker"], graph.ServicesInOrder.Select(s => s.Name));
        Assert.Equal("a:checks", graph.SelectionOf("checker"));
    }

    [Fact]
    public void A_severity_is_stored_as_WARN_or_ERROR_and_read_back_and_anything_else_is_named()
    {
        Assert.Equal(("WARN", "ERROR"), (CheckSeverity.Warn.Stored(), CheckSeverity.Error.Stored()));
        Assert.All(Enum.GetValues<CheckSeverity>(), s => Assert.Equal(s, CheckSeverities.Parse(s.Stored())));
        Assert.Equal("A check evaluation has severity 'warn'; the records know WARN and ERROR.",
            Assert.Throws<InvalidDataException>(() => CheckSeverities.Parse("warn")).Message);
    }
}
