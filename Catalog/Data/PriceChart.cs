using System.Globalization;

namespace MarketAspire.Catalog.Data;

/// <summary>A check failure drawn on the chart at its partition's date; <see cref="Names"/> says whether its rows name the symbol.</summary>
public sealed record ChartMarker(double X, DateOnly Date, string Title, bool Names, string Severity);

/// <summary>
/// Scales a symbol's series into an SVG box: the close as traded and split-adjusted as polylines, and the partitions'
/// check failures as markers at their dates.
/// </summary>
public sealed class PriceChart
{
    public const int Width = 960;
    public const int Height = 340;
    public const int Pad = 48;

    public PriceChart(string symbol, IReadOnlyList<PricePoint> points, IReadOnlyList<FailedCheck> failures)
    {
        Points = points;
        var values = points.SelectMany(p => new[] { p.Close, p.SplitAdjustedClose }).OfType<decimal>().ToList();
        if (points.Count == 0 || values.Count == 0)
        {
            return;
        }

        (Min, Max) = (values.Min(), values.Max());
        if (Max == Min)
        {
            (Min, Max) = (Min - 1, Max + 1);
        }

        var (first, last) = (points[0].Date.DayNumber, points[^1].Date.DayNumber);
        double X(DateOnly date) => Pad + ((Width - (2.0 * Pad)) * (date.DayNumber - first) / Math.Max(1, last - first));
        double Y(decimal value) => Height - Pad - ((Height - (2.0 * Pad)) * (double)((value - Min) / (Max - Min)));
        string Line(Func<PricePoint, decimal?> value) => string.Join(' ', points.Where(p => value(p) is not null)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Date):0.#},{Y(value(p)!.Value):0.#}")));

        Close = Line(p => p.Close);
        Adjusted = points.Any(p => p.SplitAdjustedClose != p.Close) ? Line(p => p.SplitAdjustedClose) : null;
        Markers = failures.Where(f => f.Partition.Date.DayNumber >= first && f.Partition.Date.DayNumber <= last)
            .GroupBy(f => f.Partition)
            .Select(g => new ChartMarker(X(g.Key.Date), g.Key.Date,
                $"{g.Key.Key}: " + string.Join("; ", g.Select(f => $"{f.Check} ({f.Severity}){(f.Offending.Count > 0 ? ": " + f.Offending[0] : "")}")),
                g.Any(f => f.Offending.Any(o => o.StartsWith(symbol + " ", StringComparison.Ordinal))),
                g.Any(f => f.Severity == "ERROR") ? "ERROR" : "WARN"))
            .ToList();
        Ticks = [.. Enumerable.Range(0, 5).Select(i => Min + ((Max - Min) * i / 4)).Select(v => (Y(v), v))];
    }

    public IReadOnlyList<PricePoint> Points { get; }

    public decimal Min { get; }

    public decimal Max { get; }

    /// <summary>The close as traded, as SVG polyline points.</summary>
    public string? Close { get; }

    /// <summary>The split-adjusted close, when any split makes it differ from the close.</summary>
    public string? Adjusted { get; }

    public IReadOnlyList<ChartMarker> Markers { get; } = [];

    public IReadOnlyList<(double Y, decimal Value)> Ticks { get; } = [];
}
