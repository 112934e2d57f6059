using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>ERROR: no NULL in open, high, low, close, volume (symbol and price_date are the key the rows are found by).</summary>
public sealed class CompletenessCheck : RowPredicateCheck
{
    public override AssetCheckDefinition Definition => MarketChecks.Completeness;

    protected override string What => "with a NULL";

    protected override string Predicate =>
        "(f.\"open\" IS NULL OR f.high IS NULL OR f.low IS NULL OR f.close IS NULL OR f.volume IS NULL)";

    protected override string Describe(object?[] row)
    {
        // Columns 2-6 of the row; symbol and price_date are the key and never NULL.
        string[] names = ["open", "high", "low", "close", "volume"];
        return "NULL " + string.Join(", ", names.Where((_, i) => row[i + 2] is null));
    }
}
