using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>WARN: low &lt;= open, close &lt;= high.</summary>
public sealed class OhlcConsistencyCheck : RowPredicateCheck
{
    public override AssetCheckDefinition Definition => MarketChecks.OhlcConsistency;

    protected override string What => "where low <= open, close <= high does not hold";

    protected override string Predicate =>
        "(f.low > f.\"open\" OR f.low > f.close OR f.high < f.\"open\" OR f.high < f.close OR f.low > f.high)";

    protected override string Describe(object?[] row) =>
        Columns(row, ("open", 2), ("high", 3), ("low", 4), ("close", 5));
}
