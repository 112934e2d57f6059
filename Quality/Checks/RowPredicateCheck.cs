using System.Globalization;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// A check that fails on the partition's fact rows matching a predicate: it counts them and shows up to 20.
/// "The partition's rows" are the fact rows whose keys the partition staged (<see cref="PartitionRows"/>).
/// </summary>
public abstract class RowPredicateCheck : IAssetCheck
{
    public abstract AssetCheckDefinition Definition { get; }

    /// <summary>A SQL boolean over the fact table's columns (alias <c>f</c>); a constant, never built from input.</summary>
    protected abstract string Predicate { get; }

    /// <summary>What is wrong with one offending row (columns: symbol, price_date, open, high, low, close, volume).</summary>
    protected abstract string Describe(object?[] row);

    protected abstract string What { get; }

    public IReadOnlyList<string> Statements => [Counts, Sample];

    // One pass over the partition's rows for both counts: each pass is a primary-key probe per staged row, whose cost
    // grows with the fact table.
    private string Counts => $"SELECT count(*), SUM(CASE WHEN {Predicate} THEN 1 ELSE 0 END) FROM {PartitionRows.From}";

    private string Sample =>
        $"""
        SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume
        FROM {PartitionRows.From}
        WHERE {Predicate}
        ORDER BY f.symbol, f.price_date
        LIMIT {CheckResult.MaxOffending}
        """;

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var counts = (await CheckQueries.RowsAsync(context, Counts, ct))[0];
        var total = Convert.ToInt64(counts[0], CultureInfo.InvariantCulture);
        var failing = counts[1] is null ? 0 : Convert.ToInt64(counts[1], CultureInfo.InvariantCulture);
        var sample = failing == 0 ? [] : await CheckQueries.RowsAsync(context, Sample, ct);

        var offending = sample.Select(row => $"{CheckQueries.Describe(row[0])} {CheckQueries.Describe(row[1])}: {Describe(row)}").ToList();
        return new CheckResult(
            failing == 0,
            failing == 0 ? $"0 of {total} rows {What}" : $"{failing} of {total} rows {What}; first: {offending[0]}",
            new Dictionary<string, object?> { ["rows"] = total, ["failing_rows"] = failing, ["offending"] = offending },
            offending);
    }

    protected static string Columns(object?[] row, params (string Name, int Index)[] columns) =>
        string.Join(", ", columns.Select(c => $"{c.Name} {CheckQueries.Describe(row[c.Index])}"));
}
