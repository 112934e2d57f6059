using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Catalog.Grid;

/// <summary>
/// One page of the partition grid: <see cref="Size"/> partitions (trading days, or every calendar day) ending at
/// <see cref="End"/>, newest first, with where the older and newer pages end.
/// </summary>
public sealed record GridWindow(DailyPartition End, int Size, bool CalendarDays, IReadOnlyList<DailyPartition> Partitions, DailyPartition Older, DailyPartition? Newer)
{
    public const int DefaultSize = 40;
    public const int MaxSize = 400;

    /// <param name="latest">The newest partition there is (newer pages stop there).</param>
    public static GridWindow Of(DailyPartition end, int size, bool calendarDays, DailyPartition latest)
    {
        size = Math.Clamp(size, 1, MaxSize);
        var partitions = new List<DailyPartition>(size);
        for (var d = end.Date; partitions.Count < size; d = d.AddDays(-1))
        {
            if (calendarDays || NyseCalendar.IsTradingDay(d))
            {
                partitions.Add(new DailyPartition(d));
            }
        }

        var older = new DailyPartition(partitions[^1].Date.AddDays(-1));
        DailyPartition? newer = null;
        if (end.Date < latest.Date)
        {
            var steps = 0;
            var d = end.Date;
            while (steps < size && d < latest.Date)
            {
                d = d.AddDays(1);
                if (calendarDays || NyseCalendar.IsTradingDay(d))
                {
                    steps++;
                }
            }

            newer = new DailyPartition(d);
        }

        return new GridWindow(end, size, calendarDays, partitions, older, newer);
    }
}
