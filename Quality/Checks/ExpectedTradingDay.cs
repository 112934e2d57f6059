using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// The trading day a landing date must contain: the latest NYSE trading day on or before it, or, for today's
/// partition before the day's data is published, the trading day before that.
/// </summary>
public static class ExpectedTradingDay
{
    public static DateOnly For(DailyPartition partition, DateTimeOffset now, TimeOnly publishTime)
    {
        var expected = partition.LatestTradingDay;
        var local = TimeZoneInfo.ConvertTime(now, DailyPartition.MarketTimeZone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (partition.Date == today && expected == today && TimeOnly.FromDateTime(local.DateTime) < publishTime)
        {
            expected = NyseCalendar.PreviousTradingDay(today);
        }

        return expected;
    }
}
