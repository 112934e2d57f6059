using System.Globalization;

namespace MarketAspire.AssetGraph.Partitions;

/// <summary>A daily partition, keyed by landing date (<c>YYYY-MM-DD</c>). Shared by every asset.</summary>
public readonly record struct DailyPartition(DateOnly Date) : IComparable<DailyPartition>
{
    public const string Format = "yyyy-MM-dd";

    public static readonly TimeZoneInfo MarketTimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public string Key => Date.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The trading day whose prices this landing date is expected to contain (on or before it).</summary>
    public DateOnly LatestTradingDay => NyseCalendar.LatestTradingDayOnOrBefore(Date);

    public static DailyPartition Parse(string key)
    {
        if (!TryParse(key, out var partition))
        {
            throw new FormatException($"Partition '{key}' is not a date of the form YYYY-MM-DD.");
        }

        return partition;
    }

    public static bool TryParse(string? key, out DailyPartition partition)
    {
        partition = default;
        if (!DateOnly.TryParseExact(key, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        partition = new DailyPartition(date);
        return true;
    }

    /// <summary>The latest partition: today's date in New York, where the market's day is counted.</summary>
    public static DailyPartition Latest(TimeProvider time) => Of(time.GetUtcNow());

    /// <summary>The partition of an instant: its date in New York.</summary>
    public static DailyPartition Of(DateTimeOffset instant) =>
        new(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, MarketTimeZone).DateTime));

    /// <summary>Every landing date from <paramref name="from"/> to <paramref name="to"/>, inclusive.</summary>
    public static IReadOnlyList<DailyPartition> Range(DailyPartition from, DailyPartition to)
    {
        if (to.Date < from.Date)
        {
            throw new ArgumentException($"Partition range {from} .. {to} ends before it starts.", nameof(to));
        }

        var list = new List<DailyPartition>();
        for (var d = from.Date; d <= to.Date; d = d.AddDays(1))
        {
            list.Add(new DailyPartition(d));
        }

        return list;
    }

    /// <summary>The NYSE trading days from <paramref name="from"/> to <paramref name="to"/>: the landing dates with new data.</summary>
    public static IReadOnlyList<DailyPartition> TradingDays(DailyPartition from, DailyPartition to) =>
        Range(from, to).Where(p => NyseCalendar.IsTradingDay(p.Date)).ToList();

    public int CompareTo(DailyPartition other) => Date.CompareTo(other.Date);

    public override string ToString() => Key;
}
