using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.AssetGraph.Freshness;

/// <summary>
/// The trading days whose deadlines count at a clock: the partitions the sensor judges and the only ones the status grid
/// and the catalog may show as overdue, so that they agree on what is late. An older partition never materialized is
/// history not loaded, not late.
/// </summary>
public sealed class FreshnessLookback
{
    public FreshnessLookback(DateTimeOffset now, int tradingDays)
    {
        Now = now;
        TradingDays = tradingDays;
        Partitions = FreshnessEvaluator.Window(now, tradingDays);
    }

    public DateTimeOffset Now { get; }

    public int TradingDays { get; }

    /// <summary>The last <see cref="TradingDays"/> trading days on or before the New York date of <see cref="Now"/>, ascending.</summary>
    public IReadOnlyList<DailyPartition> Partitions { get; }

    public bool Covers(DailyPartition partition) => Partitions[0].Date <= partition.Date && partition.Date <= Partitions[^1].Date;
}
