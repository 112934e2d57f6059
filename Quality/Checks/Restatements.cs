using System.Globalization;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// The bars a landing restated: the versions an earlier landing date delivered that this one replaced (a re-run of the
/// same landing date is not a restatement), each with the version that replaced it and the close's change in percent
/// (NULL when either close is missing).
/// </summary>
internal static class Restatements
{
    private const string Restated =
        """
        SELECT r.symbol, r.price_date, r.close AS old_close, v.close AS new_close,
               CASE WHEN r.close > 0 AND v.close IS NOT NULL THEN ABS(v.close - r.close) * 100 / r.close END AS change_percent
        FROM market_data.fct_stock_price_revisions r
        JOIN market_data.stock_price_versions v
          ON v.symbol = r.symbol AND v.price_date = r.price_date AND v.partition_date = @partition
         AND (v.superseded_by_partition IS NULL OR v.superseded_by_partition > @partition)
        WHERE r.superseded_by_partition = @partition AND r.partition_date < @partition AND r.price_date <= @oldest
        """;

    // A change counts when it is beyond the tolerance or cannot be measured; a tolerance below zero counts every change.
    public const string Summary =
        $"""
        SELECT count(*), max(c.change_percent)
        FROM ({Restated}) c
        WHERE c.change_percent > @tolerance OR c.change_percent IS NULL
        """;

    public const string Largest =
        $"""
        SELECT c.symbol, c.price_date, c.old_close, c.new_close, c.change_percent
        FROM ({Restated}) c
        WHERE c.change_percent > @tolerance OR c.change_percent IS NULL
        ORDER BY c.change_percent DESC NULLS FIRST, c.symbol, c.price_date
        LIMIT 20
        """;

    /// <summary>The restated bars on or before <paramref name="oldest"/> whose change exceeds <paramref name="tolerance"/> percent.</summary>
    public static async Task<(long Count, decimal? LargestPercent, List<string> Listed)> FindAsync(
        CheckContext context, DateOnly oldest, decimal tolerance, CancellationToken ct)
    {
        (string, object)[] parameters = [("oldest", oldest), ("tolerance", tolerance)];
        var summary = (await CheckQueries.RowsAsync(context, Summary, ct, parameters))[0];
        var listed = (await CheckQueries.RowsAsync(context, Largest, ct, parameters)).Select(Describe).ToList();
        return (Convert.ToInt64(summary[0], CultureInfo.InvariantCulture), summary[1] as decimal?, listed);
    }

    /// <summary>The trading day <paramref name="days"/> trading days before the partition's latest trading day.</summary>
    public static DateOnly TradingDaysBefore(DailyPartition partition, int days)
    {
        var day = partition.LatestTradingDay;
        for (var i = 0; i < days; i++)
        {
            day = NyseCalendar.PreviousTradingDay(day);
        }

        return day;
    }

    private static string Describe(object?[] row)
    {
        var change = row[4] is decimal percent ? $"{percent.ToString("0.##", CultureInfo.InvariantCulture)}%" : "not measurable";
        return $"{CheckQueries.Describe(row[0])} {CheckQueries.Describe(row[1])}: close {CheckQueries.Describe(row[2])} -> {CheckQueries.Describe(row[3])} ({change})";
    }
}
