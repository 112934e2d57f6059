namespace MarketAspire.Tests.PointInTime;

/// <summary>One bar's values as a landing delivered them.</summary>
public sealed record BarValues(decimal? Open, decimal? High, decimal? Low, decimal? Close, long? Volume, bool Provisional);

public sealed record Split(DateOnly EffectiveDate, decimal Factor);

public sealed record Dividend(DateOnly ExDate, decimal Amount);

/// <summary>What one landing date holds in the lake: its price objects' valid bars, and its corporate-action lists (null: no object).</summary>
public sealed record LandingContent(
    IReadOnlyDictionary<(string Symbol, DateOnly Date), BarValues> Bars,
    IReadOnlyDictionary<string, IReadOnlyList<Split>?> Splits,
    IReadOnlyDictionary<string, IReadOnlyList<Dividend>?> Dividends);

/// <summary>The version a query answers: its values and the landing date that first delivered them.</summary>
public sealed record ModelVersion(BarValues Values, DateOnly FirstDelivered);

/// <summary>One adjusted bar: the view's split_factor, close_split_adjusted, dividend_factor and close_total_return.</summary>
public sealed record AdjustedBar(DateOnly Date, double SplitFactor, decimal? CloseSplitAdjusted, double DividendFactor, decimal? CloseTotalReturn);

/// <summary>
/// The reference model of docs/data.md's rules ("History and as-of queries", "Corporate actions and adjusted prices"),
/// written from the text and not from the SQL: every answer is computed directly from the landings for the date asked,
/// never from stored intervals.
/// </summary>
public sealed class ReferenceModel(IReadOnlyDictionary<DateOnly, LandingContent> lake)
{
    /// <summary>The version of each bar as of landing date <paramref name="asOf"/>: the latest landing on or before it that staged the bar.</summary>
    public Dictionary<(string Symbol, DateOnly Date), ModelVersion> PricesAsOf(DateOnly asOf)
    {
        var answer = new Dictionary<(string, DateOnly), ModelVersion>();
        var landings = lake.Keys.Where(d => d <= asOf).Order().ToList();
        foreach (var key in landings.SelectMany(l => lake[l].Bars.Keys).Distinct())
        {
            var delivered = landings.Where(l => lake[l].Bars.ContainsKey(key)).ToList();
            var latest = lake[delivered[^1]].Bars[key];

            // partition_date: the first landing of the run of equal values that ends with the latest one.
            var first = delivered[^1];
            for (var i = delivered.Count - 2; i >= 0 && lake[delivered[i]].Bars[key] == latest; i--)
            {
                first = delivered[i];
            }

            answer[key] = new ModelVersion(latest, first);
        }

        return answer;
    }

    /// <summary>A symbol's splits as of a landing date: the latest list on or before it with at least one entry (an empty list withdraws nothing).</summary>
    public IReadOnlyList<Split> SplitsAsOf(string symbol, DateOnly asOf) => LatestList(asOf, c => c.Splits.GetValueOrDefault(symbol));

    public IReadOnlyList<Dividend> DividendsAsOf(string symbol, DateOnly asOf) => LatestList(asOf, c => c.Dividends.GetValueOrDefault(symbol));

    /// <summary>The adjusted series of a symbol as of a landing date, by docs/data.md's formulas.</summary>
    public IReadOnlyList<AdjustedBar> AdjustedAsOf(string symbol, DateOnly asOf)
    {
        var bars = PricesAsOf(asOf).Where(kv => kv.Key.Symbol == symbol).OrderBy(kv => kv.Key.Date).Select(kv => (Date: kv.Key.Date, kv.Value.Values)).ToList();
        var splits = SplitsAsOf(symbol, asOf);
        var dividendFactors = new List<(DateOnly ExDate, double Factor)>();
        foreach (var exDate in DividendsAsOf(symbol, asOf).Select(d => d.ExDate).Distinct())
        {
            var amount = (double)DividendsAsOf(symbol, asOf).Where(d => d.ExDate == exDate).Sum(d => d.Amount);
            if (!bars.Any(b => b.Date >= exDate))
            {
                continue; // declared: no bar on or after its ex-date yet
            }

            var before = bars.LastOrDefault(b => b.Date < exDate && b.Values.Close is not null);
            if (before.Values is null)
            {
                continue; // no close before the ex-date
            }

            // The close before the ex-date on the ex-date's share basis: divided by the splits effective after it, up to the ex-date.
            var between = splits.Where(s => s.EffectiveDate > before.Date && s.EffectiveDate <= exDate).Aggregate(1.0, (p, s) => p * (double)s.Factor);
            var previousClose = (double)before.Values.Close!.Value / between;
            if (previousClose > amount)
            {
                dividendFactors.Add((exDate, 1 - amount / previousClose));
            }
        }

        return bars.Select(b =>
        {
            var splitFactor = splits.Where(s => s.EffectiveDate > b.Date).Aggregate(1.0, (p, s) => p * (double)s.Factor);
            var dividendFactor = dividendFactors.Where(d => d.ExDate > b.Date).Aggregate(1.0, (p, d) => p * d.Factor);
            var close = b.Values.Close is { } c ? (double)c : (double?)null;
            return new AdjustedBar(b.Date, splitFactor, Round(close / splitFactor), dividendFactor, Round(close / splitFactor * dividendFactor));
        }).ToList();
    }

    private IReadOnlyList<T> LatestList<T>(DateOnly asOf, Func<LandingContent, IReadOnlyList<T>?> list) =>
        lake.Where(l => l.Key <= asOf && list(l.Value) is { Count: > 0 }).OrderBy(l => l.Key).Select(l => list(l.Value)!.Distinct().ToList()).LastOrDefault() ?? [];

    private static decimal? Round(double? value) => value is { } v ? Math.Round((decimal)v, 4, MidpointRounding.AwayFromZero) : null;
}
