using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>WARN: a volume of 0 is a real, if rare, trading day; worth a look, not a failure.</summary>
public sealed class ZeroVolumeCheck : RowPredicateCheck
{
    public override AssetCheckDefinition Definition => MarketChecks.ZeroVolume;

    protected override string What => "with volume 0";

    protected override string Predicate => "f.volume = 0";

    protected override string Describe(object?[] row) => "volume 0";
}
