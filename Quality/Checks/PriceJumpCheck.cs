using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// WARN: a split-adjusted close more than the threshold away from the previous trading day's (bad ticks, a split the
/// vendor or we missed). Split-adjusted, so a real split whose corporate action is loaded is not flagged.
/// </summary>
public sealed class PriceJumpCheck : IAssetCheck
{
    /// <summary>Per staged symbol, its last bar before its first staged bar (one primary-key probe each), or that bar.</summary>
    private const string Bounds =
        """
        SELECT s.symbol,
               COALESCE((SELECT MAX(f.price_date) FROM market_data.fct_stock_prices f
                         WHERE f.symbol = s.symbol AND f.price_date < s.first_date), s.first_date) AS from_date
        FROM (
            SELECT symbol, MIN(price_date) AS first_date
            FROM market_data.stg_stock_prices
            WHERE partition_date = @partition
            GROUP BY symbol
        ) s
        """;

    /// <summary>The earliest bound, so the bars are read as ranges of the primary key (a value, not a subquery, lets the planner see how few).</summary>
    private const string EarliestBound = $"SELECT MIN(from_date) FROM ({Bounds}) b";

    /// <remarks>
    /// Reads each staged symbol's bars from its bound, not its whole history, and through the split-adjusted view, which
    /// computes no dividend factors: the check costs what the partition staged.
    /// </remarks>
    private const string Jumps =
        $"""
        SELECT m.symbol, m.price_date, m.close, m.prev_close
        FROM (
            SELECT a.symbol, a.price_date, a.close_split_adjusted AS close,
                   LAG(a.close_split_adjusted) OVER (PARTITION BY a.symbol ORDER BY a.price_date) AS prev_close
            FROM market_data.stock_prices_split_adjusted a
            JOIN ({Bounds}) b ON b.symbol = a.symbol AND a.price_date >= b.from_date
            WHERE a.price_date <= @partition AND a.price_date >= @from
        ) m
        JOIN market_data.stg_stock_prices s
          ON s.partition_date = @partition AND s.symbol = m.symbol AND s.price_date = m.price_date
        WHERE m.prev_close > 0
          AND ABS(m.close - m.prev_close) * 100 > @threshold * m.prev_close
        ORDER BY m.symbol, m.price_date
        """;

    public AssetCheckDefinition Definition => MarketChecks.PriceJump;

    public IReadOnlyList<string> Statements => [EarliestBound, Jumps];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var earliest = await CheckQueries.RowsAsync(context, EarliestBound, ct);
        DateOnly? earliestDate = earliest[0][0] switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), _ => null };
        var rows = earliestDate is { } from
            ? await CheckQueries.RowsAsync(context, Jumps, ct, ("threshold", context.Settings.PriceJumpPercent), ("from", from))
            : [];
        var offending = rows.Take(CheckResult.MaxOffending).Select(r =>
        {
            var close = (decimal)r[2]!;
            var previous = (decimal)r[3]!;
            return $"{CheckQueries.Describe(r[0])} {CheckQueries.Describe(r[1])}: split-adjusted close {close} vs {previous} the trading day before ({(close - previous) * 100 / previous:+0.0;-0.0}%)";
        }).ToList();
        return new CheckResult(
            rows.Count == 0,
            rows.Count == 0 ? $"no split-adjusted close moved more than {context.Settings.PriceJumpPercent}%" : $"{rows.Count} closes moved more than {context.Settings.PriceJumpPercent}%; first: {offending[0]}",
            new Dictionary<string, object?> { ["threshold_percent"] = context.Settings.PriceJumpPercent, ["jumps"] = rows.Count, ["offending"] = offending },
            offending);
    }
}
