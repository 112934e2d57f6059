using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>ERROR: one fact row per (symbol, price_date) for the partition's keys. Redshift does not enforce keys.</summary>
public sealed class UniquenessCheck : IAssetCheck
{
    private const string Duplicates =
        """
        SELECT f.symbol, f.price_date, count(*)
        FROM market_data.fct_stock_prices f
        JOIN (SELECT DISTINCT symbol, price_date FROM market_data.stg_stock_prices WHERE partition_date = @partition) k
          ON f.symbol = k.symbol AND f.price_date = k.price_date
        GROUP BY f.symbol, f.price_date
        HAVING count(*) > 1
        ORDER BY f.symbol, f.price_date
        """;

    public AssetCheckDefinition Definition => MarketChecks.Uniqueness;

    public IReadOnlyList<string> Statements => [Duplicates];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var rows = await CheckQueries.RowsAsync(context, Duplicates, ct);
        var offending = rows.Take(CheckResult.MaxOffending)
            .Select(r => $"{CheckQueries.Describe(r[0])} {CheckQueries.Describe(r[1])}: {CheckQueries.Describe(r[2])} rows").ToList();
        return new CheckResult(
            rows.Count == 0,
            rows.Count == 0 ? "every (symbol, price_date) once" : $"{rows.Count} keys appear more than once; first: {offending[0]}",
            new Dictionary<string, object?> { ["duplicate_keys"] = rows.Count, ["offending"] = offending },
            offending);
    }
}
