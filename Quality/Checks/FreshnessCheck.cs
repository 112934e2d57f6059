using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// ERROR: every configured symbol has a final (not provisional) row for the expected trading day (weekends and
/// holidays are not failures).
/// The expected day is judged as of the raw data's extraction, not the evaluation: data fetched before the day's
/// close cannot hold that day, however late the checks run again.
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

    public IReadOnlyList<string> Statements => [NewestPerSymbol];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var expected = ExpectedTradingDay.For(context.Partition, context.DataAsOf, context.Settings.PublishTime);
        var newest = (await CheckQueries.RowsAsync(context, NewestPerSymbol, ct))
            .ToDictionary(r => (string)r[0]!, r => (DateOnly)r[1]!);

        var late = context.Symbols
            .Select(s => (Symbol: s, Newest: newest.TryGetValue(s, out var d) ? d : (DateOnly?)null))
            .Where(x => x.Newest is null || x.Newest < expected)
            .ToList();
        var offending = late.Take(CheckResult.MaxOffending)
            .Select(x => x.Newest is { } d ? $"{x.Symbol}: newest {d:yyyy-MM-dd}, expected {expected:yyyy-MM-dd}" : $"{x.Symbol}: no rows, expected {expected:yyyy-MM-dd}")
            .ToList();

        return new CheckResult(
            late.Count == 0,
            late.Count == 0
                ? $"all {context.Symbols.Count} symbols have {expected:yyyy-MM-dd}"
                : $"{late.Count} of {context.Symbols.Count} symbols late; first: {offending[0]}",
            new Dictionary<string, object?>
            {
                ["expected_trading_day"] = expected.ToString("yyyy-MM-dd"),
                ["judged_as_of"] = context.DataAsOf.UtcDateTime.ToString("O"),
                ["symbols"] = context.Symbols.Count,
                ["late"] = late.Select(x => new { symbol = x.Symbol, newest = x.Newest?.ToString("yyyy-MM-dd") }).ToList(),
            },
            offending);
    }
}
