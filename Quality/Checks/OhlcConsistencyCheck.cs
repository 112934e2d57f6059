namespace MarketAspire.Quality.Checks;

/// <summary>WARN: low &lt;= open, close &lt;= high.</summary>
public sealed class OhlcConsistencyCheck : RowPredicateCheck
{
    public override string Name => "ohlc_consistency";

    protected override string What => "where low <= open, close <= high does not hold";

    protected override string Predicate =>
        "low > open OR low > close OR high < open OR high < close OR low > high";

    protected override string Describe(object?[] row) =>
        Columns(row, ("open", 2), ("high", 3), ("low", 4), ("close", 5));
}
