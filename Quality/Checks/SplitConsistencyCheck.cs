using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// WARN: on each split's effective date within the partition's bars, the raw close moved by roughly the split ratio
/// (a 4:1 split: about a quarter of the day before's close). A vendor that forgot to apply a split to its prices, or a
/// split in the list that never happened, shows up here.
/// </summary>
public sealed class SplitConsistencyCheck : IAssetCheck
{
    /// <summary>How far the raw move may stray from the ratio: an ordinary day's move on top of the split.</summary>
    public const decimal TolerancePercent = 25m;

    /// <remarks>
    /// Each split's bar and the bar before it are found by primary-key probes (one per current split), not by a window
    /// over the staged symbols' whole history: the check costs what the splits and the partition hold.
    /// </remarks>
    private const string Splits =
        """
        SELECT sp.symbol, sp.effective_date, sp.split_factor, b.close AS prev_close, f.close
        FROM (
            SELECT c.symbol, c.effective_date, c.split_factor,
                   (SELECT MAX(g.price_date) FROM market_data.fct_stock_prices g
                    WHERE g.symbol = c.symbol AND g.price_date < c.effective_date) AS prev_date
            FROM market_data.fct_splits c
            WHERE c.superseded_by_partition IS NULL AND c.effective_date <= @partition
        ) sp
        JOIN market_data.stg_stock_prices s
          ON s.partition_date = @partition AND s.symbol = sp.symbol AND s.price_date = sp.effective_date
        JOIN market_data.fct_stock_prices f ON f.symbol = sp.symbol AND f.price_date = sp.effective_date
        JOIN market_data.fct_stock_prices b ON b.symbol = sp.symbol AND b.price_date = sp.prev_date
        WHERE b.close > 0 AND f.close > 0
        ORDER BY sp.symbol, sp.effective_date
        """;

    public AssetCheckDefinition Definition => MarketChecks.SplitConsistency;

    public IReadOnlyList<string> Statements => [Splits];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var splits = await CheckQueries.RowsAsync(context, Splits, ct);
        var inconsistent = splits
            .Select(r => (Symbol: CheckQueries.Describe(r[0]), Date: CheckQueries.Describe(r[1]), Factor: (decimal)r[2]!, Before: (decimal)r[3]!, On: (decimal)r[4]!))
            .Where(s => Math.Abs((s.On * s.Factor / s.Before) - 1) * 100 > TolerancePercent)
            .Select(s => $"{s.Symbol} {s.Date}: split factor {s.Factor:0.####}, but the raw close moved {s.Before} -> {s.On} (x{s.On / s.Before:0.###}, expected about x{1 / s.Factor:0.###})")
            .ToList();
        return new CheckResult(
            inconsistent.Count == 0,
            inconsistent.Count == 0 ? $"{splits.Count} splits in the partition's bars, each matched by the raw prices" : $"{inconsistent.Count} of {splits.Count} splits not seen in the raw prices; first: {inconsistent[0]}",
            new Dictionary<string, object?> { ["splits_checked"] = splits.Count, ["inconsistent"] = inconsistent.Count, ["offending"] = inconsistent.Take(CheckResult.MaxOffending).ToList() },
            inconsistent.Take(CheckResult.MaxOffending).ToList());
    }
}
