using System.Globalization;

namespace MarketAspire.AssetGraph.Partitions;

/// <summary>
/// When each new trading day's partition is materialized: at a time of day in New York (default 17:30, after the
/// day's data is published), Monday to Friday except NYSE holidays. The deployment's EventBridge rule uses the same rule.
/// </summary>
public sealed class DailySchedule(TimeOnly at)
{
    public const string SettingKey = "MARKET_SCHEDULE";

    public static readonly TimeOnly DefaultTime = new(17, 30);

    public TimeOnly At { get; } = at;

    /// <summary>null when the schedule is turned off (<c>off</c>); throws on a malformed value.</summary>
    public static DailySchedule? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new DailySchedule(DefaultTime);
        }

        if (text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? new DailySchedule(at)
            : throw new FormatException($"Configuration error: {SettingKey} must be HH:mm (America/New_York) or 'off', not '{text}'.");
    }

    /// <summary>The next run strictly after <paramref name="now"/>, and the partition (landing date) it materializes.</summary>
    public (DateTimeOffset At, DailyPartition Partition) Next(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, DailyPartition.MarketTimeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= At)
        {
            day = day.AddDays(1);
        }

        while (!NyseCalendar.IsTradingDay(day))
        {
            day = day.AddDays(1);
        }

        var wall = day.ToDateTime(At);
        var offset = DailyPartition.MarketTimeZone.GetUtcOffset(wall);
        return (new DateTimeOffset(wall, offset), new DailyPartition(day));
    }
}
