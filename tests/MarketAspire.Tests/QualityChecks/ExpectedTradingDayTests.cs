using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Quality.Checks;

namespace MarketAspire.Tests.QualityChecks;

public class ExpectedTradingDayTests
{
    private static readonly TimeOnly Publish = new(17, 0);

    [Fact]
    public void Today_before_publication_expects_the_previous_trading_day()
    {
        // Friday 2026-11-27, 15:00 in New York (20:00 UTC): today's bars are not out yet.
        var now = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 25), ExpectedTradingDay.For(DailyPartition.Parse("2026-11-27"), now, Publish));
    }

    [Fact]
    public void Today_after_publication_expects_today()
    {
        var now = new DateTimeOffset(2026, 11, 27, 22, 30, 0, TimeSpan.Zero); // 17:30 New York
        Assert.Equal(new DateOnly(2026, 11, 27), ExpectedTradingDay.For(DailyPartition.Parse("2026-11-27"), now, Publish));
    }

    [Fact]
    public void At_the_publication_minute_today_is_expected()
    {
        var now = new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.Zero); // 17:00 New York exactly
        Assert.Equal(new DateOnly(2026, 11, 27), ExpectedTradingDay.For(DailyPartition.Parse("2026-11-27"), now, Publish));
    }

    [Fact]
    public void A_past_partition_expects_its_latest_trading_day_whatever_the_hour()
    {
        var now = new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 27), ExpectedTradingDay.For(DailyPartition.Parse("2026-11-28"), now, Publish));
        Assert.Equal(new DateOnly(2026, 11, 25), ExpectedTradingDay.For(DailyPartition.Parse("2026-11-26"), now, Publish));
    }
}
