namespace MarketAspire.AssetGraph.Partitions;

/// <summary>
/// The NYSE regular session as it matters to a daily bar: until the close, today's bar is cumulative and still changing.
/// </summary>
public static class MarketSession
{
    /// <summary>The regular open, New York time.</summary>
    public static readonly TimeOnly Open = new(9, 30);

    /// <summary>
    /// The regular close, New York time. Early closes (13:00) are not told apart: a bar fetched between 13:00 and 16:00
    /// on such a day is held provisional, the safe side.
    /// </summary>
    public static readonly TimeOnly Close = new(16, 0);

    /// <summary>The trading day whose bar was still in progress at <paramref name="fetchedAt"/>: that day's, fetched before its close.</summary>
    public static DateOnly? DayInProgress(DateTimeOffset fetchedAt)
    {
        var local = TimeZoneInfo.ConvertTime(fetchedAt, DailyPartition.MarketTimeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        return NyseCalendar.IsTradingDay(day) && TimeOnly.FromDateTime(local.DateTime) < Close ? day : null;
    }
}
