using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Catalog.Grid;

/// <summary>
/// The most one request may ask of the catalog: partitions of a sensible calendar (no year 1 or 9999, whose neighbours
/// overflow), a backfill of at most five years, and as many pages of runs as any warehouse will hold.
/// </summary>
public static class PartitionBounds
{
    public static readonly DateOnly Earliest = new(1990, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);
    public const int MaxBackfillDays = 1830;
    public const int MaxRunsPage = 10_000;

    public static bool Contains(DailyPartition partition) => Earliest <= partition.Date && partition.Date <= Latest;

    public static string OutOfBounds(DailyPartition partition) =>
        $"Partition {partition.Key} is out of range: the catalog shows partitions between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.";

    /// <summary>Calendar days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static int Days(DailyPartition from, DailyPartition to) => to.Date.DayNumber - from.Date.DayNumber + 1;
}
