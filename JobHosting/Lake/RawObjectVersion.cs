using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Lake;

/// <summary>
/// The data version of one raw object, the same for the extractor that lands it and the warehouse that reads it: its
/// SHA-256, plus the trading day whose bar was still in progress when it was fetched. The same bytes fetched again
/// after the close are a new version: their newest bar is final now.
/// </summary>
public static class RawObjectVersion
{
    public static string Of(string sha256, DateTimeOffset? fetchedAt) =>
        fetchedAt is { } at && MarketSession.DayInProgress(at) is { } day ? $"{sha256} fetched during {day:yyyy-MM-dd}" : sha256;
}
