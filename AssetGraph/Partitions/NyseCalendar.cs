using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace MarketAspire.AssetGraph.Partitions;

/// <summary>
/// NYSE full-day closures: weekends, the exchange's regular holidays with its observed-date rules, and
/// the unscheduled closures the exchange announced (national days of mourning, storms).
/// </summary>
public static class NyseCalendar
{
    // Unscheduled closures: they follow no rule, so they are listed.
    private static readonly HashSet<DateOnly> SpecialClosures =
    [
        new(1994, 4, 27), // President Nixon's funeral
        new(2001, 9, 11), new(2001, 9, 12), new(2001, 9, 13), new(2001, 9, 14),
        new(2004, 6, 11), new(2007, 1, 2), new(2012, 10, 29), new(2012, 10, 30),
        new(2018, 12, 5), new(2025, 1, 9),
    ];

    // Every trading-day test asks for its year's holidays: each year's are computed once.
    private static readonly ConcurrentDictionary<int, FrozenDictionary<DateOnly, string>> Holidays = new();

    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public static bool IsHoliday(DateOnly date) => SpecialClosures.Contains(date) || HolidaysOf(date.Year).ContainsKey(date);

    /// <summary>The latest trading day on or before <paramref name="date"/>.</summary>
    public static DateOnly LatestTradingDayOnOrBefore(DateOnly date)
    {
        while (!IsTradingDay(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    public static DateOnly PreviousTradingDay(DateOnly date) => LatestTradingDayOnOrBefore(date.AddDays(-1));

    public static DateOnly NextTradingDay(DateOnly date)
    {
        do
        {
            date = date.AddDays(1);
        }
        while (!IsTradingDay(date));

        return date;
    }

    public static IEnumerable<DateOnly> TradingDays(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (IsTradingDay(d))
            {
                yield return d;
            }
        }
    }

    /// <summary>The exchange's scheduled holidays of a year (observed dates), with their names.</summary>
    public static IReadOnlyDictionary<DateOnly, string> HolidaysOf(int year) => Holidays.GetOrAdd(year, ScheduledHolidays);

    private static FrozenDictionary<DateOnly, string> ScheduledHolidays(int year)
    {
        var holidays = new Dictionary<DateOnly, string>();

        // New Year's Day on a Saturday is not observed on the Friday before: that Friday closes the accounting year.
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek == DayOfWeek.Sunday)
        {
            holidays[newYear.AddDays(1)] = "New Year's Day (observed)";
        }
        else if (newYear.DayOfWeek != DayOfWeek.Saturday)
        {
            holidays[newYear] = "New Year's Day";
        }

        // The exchange has observed Martin Luther King Jr. Day since 1998 (a federal holiday since 1986).
        if (year >= 1998)
        {
            holidays[NthWeekday(year, 1, DayOfWeek.Monday, 3)] = "Martin Luther King Jr. Day";
        }

        holidays[NthWeekday(year, 2, DayOfWeek.Monday, 3)] = "Washington's Birthday";
        holidays[EasterSunday(year).AddDays(-2)] = "Good Friday";
        holidays[LastWeekday(year, 5, DayOfWeek.Monday)] = "Memorial Day";
        if (year >= 2022)
        {
            holidays[Observed(new DateOnly(year, 6, 19))] = "Juneteenth";
        }

        holidays[Observed(new DateOnly(year, 7, 4))] = "Independence Day";
        holidays[NthWeekday(year, 9, DayOfWeek.Monday, 1)] = "Labor Day";
        holidays[NthWeekday(year, 11, DayOfWeek.Thursday, 4)] = "Thanksgiving Day";
        holidays[Observed(new DateOnly(year, 12, 25))] = "Christmas Day";
        return holidays.ToFrozenDictionary();
    }

    /// <summary>Saturday holidays close the Friday before, Sunday holidays the Monday after.</summary>
    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
        return last.AddDays(-offset);
    }

    /// <summary>Gregorian Easter (anonymous Gregorian algorithm).</summary>
    internal static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
