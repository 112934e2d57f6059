using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Freshness;

/// <summary>
/// The assets' deadlines against a clock: a trading day's partition of an asset with a deadline is ok once it has a
/// successful materialization, else WARN from its WARN time and ERROR from its ERROR time (New York wall-clock times on
/// that day, so 18:30 is 23:30 UTC in winter and 22:30 UTC in summer). Weekends and NYSE holidays have no partition that
/// is due, so they never alert.
/// </summary>
public static class FreshnessEvaluator
{
    /// <summary>How many trading days back the sensor looks, and the status grid shows a partition as overdue, unless <c>SENSOR_LOOKBACK_TRADING_DAYS</c> says otherwise.</summary>
    public const int DefaultLookbackTradingDays = 5;

    /// <summary>The instant of a New York wall-clock time on a day.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var wall = day.ToDateTime(time);
        return new DateTimeOffset(wall, DailyPartition.MarketTimeZone.GetUtcOffset(wall));
    }

    /// <summary>
    /// The last <paramref name="tradingDays"/> trading days on or before the New York date of <paramref name="now"/>:
    /// the partitions a sensor looks at, so a day that was skipped entirely stays overdue after the next day lands.
    /// </summary>
    public static IReadOnlyList<DailyPartition> Window(DateTimeOffset now, int tradingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tradingDays, 1);
        var days = new List<DailyPartition>();
        for (var day = NyseCalendar.LatestTradingDayOnOrBefore(DailyPartition.Of(now).Date); days.Count < tradingDays; day = NyseCalendar.PreviousTradingDay(day))
        {
            days.Add(new DailyPartition(day));
        }

        days.Reverse();
        return days;
    }

    /// <summary>The asset partition's status at <paramref name="now"/>; null when it has no deadline or is not due yet.</summary>
    public static FreshnessStatus? Evaluate(AssetDefinition asset, DailyPartition partition, DateTimeOffset now, bool landed)
    {
        if (asset.Deadline is not { } deadline || !NyseCalendar.IsTradingDay(partition.Date))
        {
            return null;
        }

        var warnAt = At(partition.Date, deadline.WarnAfter);
        if (now < warnAt)
        {
            return null;
        }

        if (landed)
        {
            return new FreshnessStatus(asset.Key, partition, FreshnessLevel.Ok, deadline, null);
        }

        var level = now >= At(partition.Date, deadline.ErrorAfter) ? FreshnessLevel.Error : FreshnessLevel.Warn;
        return new FreshnessStatus(asset.Key, partition, level, deadline, warnAt);
    }

    /// <summary>Every due asset partition of the window, given which asset partitions have a successful materialization.</summary>
    public static IReadOnlyList<FreshnessStatus> Evaluate(
        AssetGraphDefinition graph,
        IReadOnlyList<DailyPartition> partitions,
        DateTimeOffset now,
        Func<AssetKey, DailyPartition, bool> landed) =>
        [
            .. from asset in graph.Assets
               from partition in partitions
               let status = Evaluate(asset, partition, now, landed(asset.Key, partition))
               where status is not null
               select status,
        ];
}
