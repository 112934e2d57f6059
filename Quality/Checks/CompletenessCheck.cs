namespace MarketAspire.Quality.Checks;

/// <summary>ERROR: no NULL in symbol, price_date, open, high, low, close, volume.</summary>
public sealed class CompletenessCheck : RowPredicateCheck
{
    public override string Name => "completeness";

    protected override string What => "with a NULL";

    protected override string Predicate =>
        "symbol IS NULL OR price_date IS NULL OR open IS NULL OR high IS NULL OR low IS NULL OR close IS NULL OR volume IS NULL";

    protected override string Describe(object?[] row)
    {
        string[] names = ["symbol", "price_date", "open", "high", "low", "close", "volume"];
        return "NULL " + string.Join(", ", names.Where((_, i) => row[i] is null));
    }
}
