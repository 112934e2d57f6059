using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;

namespace MarketAspire.Tests.Kernel;

/// <summary>
/// fct_stock_prices' deadline (WARN after 18:30, ERROR after 20:00 New York time) against hand-worked UTC instants:
/// New York is UTC-5 in winter (EST) and UTC-4 from the second Sunday of March to the first Sunday of November (EDT).
/// </summary>
public class FreshnessDeadlineTests
{
    private static readonly AssetDefinition Fact = MarketAssets.Graph[MarketAssets.FctStockPrices];

    private static FreshnessStatus? Status(string partition, string utc, bool landed = false) =>
        FreshnessEvaluator.Evaluate(Fact, DailyPartition.Parse(partition), DateTimeOffset.Parse(utc), landed);

    [Fact]
    public void The_fact_tables_deadline_is_declared_in_the_graph()
    {
        Assert.Equal(new FreshnessDeadline(new TimeOnly(18, 30), new TimeOnly(20, 0)), Fact.Deadline);
        Assert.Null(MarketAssets.Graph[MarketAssets.RawStockPrices].Deadline);
    }

    [Theory]
    [InlineData("2026-03-06T23:29:59Z", null)] // Friday 18:29:59 EST: not due
    [InlineData("2026-03-06T23:30:00Z", FreshnessLevel.Warn)] // 18:30 EST
    [InlineData("2026-03-07T00:59:59Z", FreshnessLevel.Warn)] // 19:59:59 EST
    [InlineData("2026-03-07T01:00:00Z", FreshnessLevel.Error)] // 20:00 EST
    [InlineData("2026-03-10T12:00:00Z", FreshnessLevel.Error)] // days later, still missing
    public void A_missing_winter_partition_warns_at_1830_and_errors_at_2000_New_York_time(string utc, FreshnessLevel? expected)
    {
        Assert.Equal(expected, Status("2026-03-06", utc)?.Level);
    }

    [Theory]
    [InlineData("2026-03-06", "2026-03-06T22:45:00Z", null)] // Friday 17:45 EST, before the clocks change
    [InlineData("2026-03-09", "2026-03-09T22:45:00Z", FreshnessLevel.Warn)] // Monday 18:45 EDT, after 2026-03-08
    [InlineData("2026-10-30", "2026-10-30T22:45:00Z", FreshnessLevel.Warn)] // Friday 18:45 EDT
    [InlineData("2026-11-02", "2026-11-02T22:45:00Z", null)] // Monday 17:45 EST, after 2026-11-01
    [InlineData("2026-11-02", "2026-11-03T00:00:00Z", FreshnessLevel.Warn)] // Monday 19:00 EST
    public void The_deadline_follows_New_York_wall_time_across_daylight_saving_changes(string partition, string utc, FreshnessLevel? expected)
    {
        Assert.Equal(expected, Status(partition, utc)?.Level);
    }

    [Theory]
    [InlineData("2026-03-07", "2026-03-09T12:00:00Z")] // Saturday
    [InlineData("2026-03-08", "2026-03-09T12:00:00Z")] // Sunday (the day the clocks change)
    [InlineData("2026-04-03", "2026-04-04T03:00:00Z")] // Good Friday, 23:00 EDT
    [InlineData("2026-11-26", "2026-11-27T04:00:00Z")] // Thanksgiving, 23:00 EST
    [InlineData("2026-12-25", "2026-12-28T12:00:00Z")] // Christmas
    public void Weekends_and_holidays_have_nothing_due(string partition, string utc)
    {
        Assert.Null(Status(partition, utc));
    }

    [Theory]
    [InlineData("2026-11-27", "2026-11-27T21:00:00Z", null)] // day after Thanksgiving, closes 13:00; 16:00 EST
    [InlineData("2026-11-27", "2026-11-27T22:59:00Z", null)] // 17:59 EST: the 17:30 run may still be going
    [InlineData("2026-11-27", "2026-11-27T23:31:00Z", FreshnessLevel.Warn)] // 18:31 EST: late like any day
    [InlineData("2026-12-24", "2026-12-24T21:30:00Z", null)] // Christmas Eve, closes 13:00; 16:30 EST
    public void An_early_close_keeps_the_full_days_deadline(string partition, string utc, FreshnessLevel? expected)
    {
        Assert.Equal(expected, Status(partition, utc)?.Level);
    }

    [Fact]
    public void A_partition_that_landed_is_ok_even_after_its_deadline_and_an_overdue_one_says_since_when()
    {
        Assert.Equal(FreshnessLevel.Ok, Status("2026-03-06", "2026-03-07T02:00:00Z", landed: true)!.Level);
        Assert.Null(Status("2026-03-06", "2026-03-07T02:00:00Z", landed: true)!.Describe());

        var overdue = Status("2026-03-06", "2026-03-06T23:45:00Z")!;
        Assert.Equal(DateTimeOffset.Parse("2026-03-06T23:30:00Z"), overdue.OverdueSince);
        Assert.Equal("overdue since 18:30", overdue.Describe());
        Assert.Equal("overdue since 18:30, ERROR since 20:00", Status("2026-03-06", "2026-03-07T01:30:00Z")!.Describe());
    }

    [Theory]
    [InlineData("2026-11-30T17:00:00Z", 3, "2026-11-25,2026-11-27,2026-11-30")] // Monday noon: Thanksgiving and the weekend skipped
    [InlineData("2026-11-29T17:00:00Z", 1, "2026-11-27")] // Sunday: the Friday before
    [InlineData("2026-04-04T02:00:00Z", 2, "2026-04-01,2026-04-02")] // Good Friday 22:00 EDT
    [InlineData("2026-03-07T04:30:00Z", 1, "2026-03-06")] // Friday 23:30 EST is still Friday in New York (Saturday in UTC)
    public void The_window_is_the_last_trading_days_in_New_York(string utc, int days, string expected)
    {
        Assert.Equal(expected, string.Join(",", FreshnessEvaluator.Window(DateTimeOffset.Parse(utc), days)));
    }

    [Fact]
    public void Only_assets_with_a_deadline_are_evaluated()
    {
        var now = DateTimeOffset.Parse("2026-03-07T01:30:00Z");
        var statuses = FreshnessEvaluator.Evaluate(MarketAssets.Graph, FreshnessEvaluator.Window(now, 2), now,
            (_, partition) => partition.Key == "2026-03-05");

        Assert.Equal(["fct_stock_prices 2026-03-05 Ok", "fct_stock_prices 2026-03-06 Error"],
            statuses.Select(s => $"{s.Asset} {s.Partition} {s.Level}"));
    }

    [Fact]
    public void A_deadline_whose_error_time_precedes_its_warn_time_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FreshnessDeadline(new TimeOnly(20, 0), new TimeOnly(18, 30)));
    }

    [Fact]
    public void The_status_grid_tells_overdue_from_missing_and_failed()
    {
        var (day, other) = (DailyPartition.Parse("2026-03-06"), DailyPartition.Parse("2026-03-05"));
        var failed = new LatestMaterialization(MarketAssets.FctStockPrices, other, RunStatus.Failed, null,
            new Dictionary<string, string>(), "1", DateTimeOffset.Parse("2026-03-05T22:40:00Z"), "boom");

        var beforeDeadline = new AssetStatusGrid(MarketAssets.Graph, [other, day], [failed], [], Lookback("2026-03-06T23:00:00Z"));
        Assert.Equal(PartitionState.Missing, beforeDeadline[MarketAssets.FctStockPrices, day].State);

        var after = new AssetStatusGrid(MarketAssets.Graph, [other, day], [failed], [], Lookback("2026-03-06T23:40:00Z"));
        Assert.Equal((PartitionState.Overdue, "overdue since 18:30"), (after[MarketAssets.FctStockPrices, day].State, after[MarketAssets.FctStockPrices, day].Reason));
        Assert.Equal(PartitionState.Failed, after[MarketAssets.FctStockPrices, other].State);
        Assert.Equal(PartitionState.Missing, after[MarketAssets.StgStockPrices, day].State); // no deadline

        var catalog = new MarketAspire.Catalog.Grid.CatalogGrid(after, []);
        Assert.Equal(("overdue", "overdue since 18:30"), (catalog[MarketAssets.FctStockPrices, day].State, catalog[MarketAssets.FctStockPrices, day].Reason));
        Assert.Equal("failed", catalog[MarketAssets.FctStockPrices, other].State);

        // Six trading days later the partition is out of the sensor's window: history never loaded, not late.
        var later = new AssetStatusGrid(MarketAssets.Graph, [day], [], [], Lookback("2026-03-16T23:40:00Z"));
        Assert.Equal(PartitionState.Missing, later[MarketAssets.FctStockPrices, day].State);
        var fifthDay = new AssetStatusGrid(MarketAssets.Graph, [day], [], [], Lookback("2026-03-12T23:40:00Z"));
        Assert.Equal(PartitionState.Overdue, fifthDay[MarketAssets.FctStockPrices, day].State);
    }

    private static FreshnessLookback Lookback(string now) => new(DateTimeOffset.Parse(now), FreshnessEvaluator.DefaultLookbackTradingDays);
}
