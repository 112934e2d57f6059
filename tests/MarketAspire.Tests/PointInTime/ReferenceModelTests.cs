namespace MarketAspire.Tests.PointInTime;

/// <summary>The reference model against series worked by hand, so the oracle itself is checked by something other than the code it judges.</summary>
public class ReferenceModelTests
{
    private static readonly DateOnly L1 = new(2026, 1, 12), L2 = new(2026, 1, 13), L3 = new(2026, 1, 14);

    [Fact]
    public void The_readmes_worked_example_a_4_for_1_split_and_a_dividend_the_day_after()
    {
        var lake = Lake(
            [(new(2026, 1, 5), 100), (new(2026, 1, 6), 102), (new(2026, 1, 7), 26), (new(2026, 1, 8), 25.5m), (new(2026, 1, 9), 25)],
            [new(new(2026, 1, 7), 4)], [new(new(2026, 1, 8), 0.26m)]);

        var series = new ReferenceModel(new Dictionary<DateOnly, LandingContent> { [L1] = lake }).AdjustedAsOf("AAA", L1);

        Assert.Equal([4.0, 4.0, 1.0, 1.0, 1.0], series.Select(b => b.SplitFactor));
        Assert.Equal([25m, 25.5m, 26m, 25.5m, 25m], series.Select(b => b.CloseSplitAdjusted));
        Assert.Equal([24.75m, 25.245m, 25.74m, 25.5m, 25m], series.Select(b => b.CloseTotalReturn));
    }

    [Fact]
    public void A_dividend_ex_on_the_split_day_is_priced_on_the_new_share_basis()
    {
        var lake = Lake([(new(2026, 1, 6), 104), (new(2026, 1, 7), 26)], [new(new(2026, 1, 7), 4)], [new(new(2026, 1, 7), 0.26m)]);

        var first = new ReferenceModel(new Dictionary<DateOnly, LandingContent> { [L1] = lake }).AdjustedAsOf("AAA", L1)[0];

        Assert.Equal(0.99, first.DividendFactor, 12); // 1 - 0.26 / (104 / 4)
    }

    [Fact]
    public void As_of_answers_follow_landing_dates_not_load_order_and_an_unchanged_redelivery_keeps_the_first_landing()
    {
        var model = new ReferenceModel(new Dictionary<DateOnly, LandingContent>
        {
            [L3] = Lake([(new(2026, 1, 7), 100)], null, null),
            [L1] = Lake([(new(2026, 1, 7), 100)], null, null),
            [L2] = Lake([(new(2026, 1, 7), 105)], null, null),
        });

        Assert.Empty(model.PricesAsOf(L1.AddDays(-1)));
        Assert.Equal((100m, L1), Answer(model, L1));
        Assert.Equal((105m, L2), Answer(model, L2));
        Assert.Equal((100m, L3), Answer(model, L3));
    }

    [Fact]
    public void An_empty_list_withdraws_nothing_and_a_later_list_without_a_split_withdraws_it()
    {
        var split = new Split(new DateOnly(2026, 1, 7), 4);
        var model = new ReferenceModel(new Dictionary<DateOnly, LandingContent>
        {
            [L1] = Lake([], [split], null),
            [L2] = Lake([], [], null),
            [L3] = Lake([], [new(new DateOnly(2026, 1, 6), 2)], null),
        });

        Assert.Equal([split], model.SplitsAsOf("AAA", L2));
        Assert.Equal([new Split(new DateOnly(2026, 1, 6), 2)], model.SplitsAsOf("AAA", L3));
        Assert.Empty(model.SplitsAsOf("AAA", L1.AddDays(-1)));
    }

    private static (decimal?, DateOnly) Answer(ReferenceModel model, DateOnly asOf)
    {
        var version = model.PricesAsOf(asOf).Single().Value;
        return (version.Values.Close, version.FirstDelivered);
    }

    private static LandingContent Lake((DateOnly Date, decimal Close)[] bars, Split[]? splits, Dividend[]? dividends) => new(
        bars.ToDictionary(b => ("AAA", b.Date), b => new BarValues(b.Close, b.Close, b.Close, b.Close, 100, false)),
        new Dictionary<string, IReadOnlyList<Split>?> { ["AAA"] = splits },
        new Dictionary<string, IReadOnlyList<Dividend>?> { ["AAA"] = dividends });
}
