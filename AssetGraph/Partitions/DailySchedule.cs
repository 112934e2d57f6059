using System.Globalization;

namespace MarketAspire.AssetGraph.Partitions;

/// <summary>
/// When each new trading day's partition is materialized: at a time of day in New York (default 17:30, after the
/// day's data is published), Monday to Friday except NYSE holidays. The deployment's EventBridge rule uses the same rule.
/// </summary>
public sealed class DailySchedule(TimeOnly at)
{
    public static readonly TimeOnly DefaultTime = new(17, 30);

    public TimeOnly At { get; } = at;

    /// <summary>The form a schedule is written in, for messages that name the setting holding it.</summary>
    public const string Form = "HH:mm (America/New_York) or 'off'";

    /// <summary>null when the schedule is turned off (<c>off</c>); throws on a malformed value.</summary>
    public static DailySchedule? Parse(string? text) =>
        TryParse(text, out var schedule) ? schedule : throw new FormatException($"A schedule must be {Form}, not '{text}'.");

    /// <summary>Empty: the default time; <c>off</c>: true with a null schedule; false when malformed.</summary>
    public static bool TryParse(string? text, out DailySchedule? schedule)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            schedule = new DailySchedule(DefaultTime);
            return true;
        }

        if (text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return false;
        }

        schedule = new DailySchedule(at);
        return true;
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
