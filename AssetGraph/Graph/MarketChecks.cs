namespace MarketAspire.AssetGraph.Graph;

/// <summary>The asset checks of the MarketAspire graph. An implementation names the definition it evaluates.</summary>
public static class MarketChecks
{
    public static readonly AssetCheckDefinition Completeness =
        new("completeness", MarketAssets.FctStockPrices, CheckSeverity.Error, MarketAssets.Quality, "No NULL in any price column.");

    public static readonly AssetCheckDefinition Validity =
        new("validity", MarketAssets.FctStockPrices, CheckSeverity.Error, MarketAssets.Quality, "Prices > 0, volume >= 0, no date after the landing date.");

    public static readonly AssetCheckDefinition ZeroVolume =
        new("zero_volume", MarketAssets.FctStockPrices, CheckSeverity.Warn, MarketAssets.Quality, "Trading days with a volume of 0.");

    public static readonly AssetCheckDefinition Freshness =
        new("freshness", MarketAssets.FctStockPrices, CheckSeverity.Error, MarketAssets.Quality, "Every symbol has the latest expected NYSE trading day.");

    public static readonly AssetCheckDefinition Uniqueness =
        new("uniqueness", MarketAssets.FctStockPrices, CheckSeverity.Error, MarketAssets.Quality, "One row per (symbol, price_date).");

    public static readonly AssetCheckDefinition OhlcConsistency =
        new("ohlc_consistency", MarketAssets.FctStockPrices, CheckSeverity.Warn, MarketAssets.Quality, "low <= open, close <= high.");

    public static readonly AssetCheckDefinition Reconciliation =
        new("reconciliation", MarketAssets.FctStockPrices, CheckSeverity.Error, MarketAssets.Quality, "raw rows = staged + rejected, and every staged row is in the fact table with its values.");

    public static readonly AssetCheckDefinition PriceJump =
        new("price_jump", MarketAssets.FctStockPrices, CheckSeverity.Warn, MarketAssets.Quality, "Split-adjusted close moves more than the threshold from the previous trading day.");

    public static readonly AssetCheckDefinition SplitConsistency =
        new("split_consistency", MarketAssets.FctStockPrices, CheckSeverity.Warn, MarketAssets.Quality, "On each split's effective date the raw close moved by about the split ratio.");

    public static readonly AssetCheckDefinition Restatement =
        new("restatement", MarketAssets.FctStockPrices, CheckSeverity.Warn, MarketAssets.Quality, "Past bars whose values this landing changed: how many, by how much, the largest listed.");

    public static readonly AssetCheckDefinition RestatementTolerance =
        new("restatement_tolerance", MarketAssets.FctStockPrices, CheckSeverity.Error, MarketAssets.Quality,
            "No bar older than QUALITY_RESTATEMENT_MIN_AGE_DAYS trading days restated by more than QUALITY_RESTATEMENT_TOLERANCE_PERCENT.");

    public static IReadOnlyList<AssetCheckDefinition> All { get; } =
        [Completeness, Validity, ZeroVolume, Freshness, Uniqueness, OhlcConsistency, Reconciliation, PriceJump, SplitConsistency, Restatement, RestatementTolerance];
}
