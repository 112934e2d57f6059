using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>ERROR: prices above zero, volume not negative, no price_date after the landing date.</summary>
public sealed class ValidityCheck : RowPredicateCheck
{
    public override AssetCheckDefinition Definition => MarketChecks.Validity;

    protected override string What => "invalid (price <= 0, volume < 0 or a date after the landing date)";

    protected override string Predicate =>
        "(f.\"open\" <= 0 OR f.high <= 0 OR f.low <= 0 OR f.close <= 0 OR f.volume < 0 OR f.price_date > @partition)";

    protected override string Describe(object?[] row) =>
        Columns(row, ("open", 2), ("high", 3), ("low", 4), ("close", 5), ("volume", 6));
}
