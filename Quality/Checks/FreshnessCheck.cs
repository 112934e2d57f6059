using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// ERROR: every configured symbol has a final (not provisional) row for the expected trading day (weekends and
/// holidays are not failures).
/// The expected day is judged as of the raw data's extraction, not the evaluation: data fetched before the day's
/// close cannot hold that day, however late the checks run again. A symbol the security master's current universe (both lists at one date) shows
/// delisted on or before the expected day (and not active again under the same ticker) has ended: it is not late.
/// </summary>
public sealed class FreshnessCheck : IAssetCheck
{
    private const string NewestPerSymbol =
        $"""
        SELECT f.symbol, max(f.price_date)
        FROM {PartitionRows.From}
        WHERE NOT f.provisional
        GROUP BY f.symbol
        """;

    public AssetCheckDefinition Definition => MarketChecks.Freshness;

    // The delisting date is the first day without trading (the simulator's convention; Alpha Vantage does not say).
    private const string EndedSymbols =
        """
        SELECT d.symbol, max(d.delisting_date)
        FROM market_data.securities_current d
        WHERE d.listing_status = 'Delisted' AND d.delisting_date <= @expected
          AND NOT EXISTS (SELECT 1 FROM market_data.securities_current a WHERE a.symbol = d.symbol AND a.listing_status = 'Active')
        GROUP BY d.symbol
        """;

    public IReadOnlyList<string> Statements => [NewestPerSymbol, EndedSymbols];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var expected = ExpectedTradingDay.For(context.Partition, context.DataAsOf, context.Settings.PublishTime);
        var newest = (await CheckQueries.RowsAsync(context, NewestPerSymbol, ct))
            .ToDictionary(r => (string)r[0]!, r => (DateOnly)r[1]!);

        var ended = (await CheckQueries.RowsAsync(context, EndedSymbols, ct, ("expected", expected)))
            .ToDictionary(r => (string)r[0]!, r => (DateOnly)r[1]!);
        var late = context.Symbols
            .Where(s => !ended.ContainsKey(s))
            .Select(s => (Symbol: s, Newest: newest.TryGetValue(s, out var d) ? d : (DateOnly?)null))
            .Where(x => x.Newest is null || x.Newest < expected)
            .ToList();
        var offending = late.Take(CheckResult.MaxOffending)
            .Select(x => x.Newest is { } d ? $"{x.Symbol}: newest {d:yyyy-MM-dd}, expected {expected:yyyy-MM-dd}" : $"{x.Symbol}: no rows, expected {expected:yyyy-MM-dd}")
            .ToList();

        var endedSymbols = context.Symbols.Where(ended.ContainsKey).ToList();
        var endedNote = endedSymbols.Count == 0 ? "" : $"; {endedSymbols.Count} ended (first: {endedSymbols[0]} delisted {ended[endedSymbols[0]]:yyyy-MM-dd})";
        return new CheckResult(
            late.Count == 0,
            late.Count == 0
                ? $"all {context.Symbols.Count - endedSymbols.Count} symbols have {expected:yyyy-MM-dd}{endedNote}"
                : $"{late.Count} of {context.Symbols.Count} symbols late; first: {offending[0]}{endedNote}",
            new Dictionary<string, object?>
            {
                ["expected_trading_day"] = expected.ToString("yyyy-MM-dd"),
                ["judged_as_of"] = context.DataAsOf.UtcDateTime.ToString("O"),
                ["symbols"] = context.Symbols.Count,
                ["late"] = late.Select(x => new { symbol = x.Symbol, newest = x.Newest?.ToString("yyyy-MM-dd") }).ToList(),
                ["ended"] = endedSymbols.Select(s => new { symbol = s, delisted = ended[s].ToString("yyyy-MM-dd") }).ToList(),
            },
            offending);
    }
}
