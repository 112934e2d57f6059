using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Lake;

/// <summary>Where each asset lives in the lake.</summary>
public static class LakeKeys
{
    public const string RawPrefix = MarketAssets.RawStockPricesPrefix;
    public const string StagedPrefix = MarketAssets.StagedStockPricesPrefix;

    /// <summary>Hive-style folders, one per symbol (<c>symbol=IBM/</c>), that DuckDB, polars, pandas and Athena read as a column.</summary>
    public const string CuratedPrefix = MarketAssets.CuratedStockPricesPrefix;

    public static string CuratedSymbolPrefix(string symbol) => $"{CuratedPrefix}symbol={symbol}/";

    public static string CuratedYearPrefix(string symbol, int year) => $"{CuratedSymbolPrefix(symbol)}year={year}/";

    /// <summary>The raw object's user metadata that records when the extractor fetched it (ISO 8601, UTC).</summary>
    public const string FetchedAtMetadata = "fetched-at";

    public static string RawPartitionPrefix(DailyPartition partition) => $"{RawPrefix}{partition.Key}/";

    public static string RawObject(DailyPartition partition, string symbol) => $"{RawPartitionPrefix(partition)}{symbol}.json";

    /// <summary>Corporate actions land beside the prices: <c>raw/corporate_actions/YYYY-MM-DD/SYMBOL.splits.json</c>.</summary>
    public const string RawCorporateActionsPrefix = MarketAssets.RawCorporateActionsPrefix;

    public static string CorporateActionsPartitionPrefix(DailyPartition partition) => $"{RawCorporateActionsPrefix}{partition.Key}/";

    public static string CorporateActionsObject(DailyPartition partition, string symbol, CorporateActionKind kind) =>
        $"{CorporateActionsPartitionPrefix(partition)}{symbol}.{kind.Name}.json";

    /// <summary>A corporate-actions load's rejects file, per run like the staged prices.</summary>
    public static string CorporateActionsRejects(DailyPartition partition, string runId) =>
        $"{MarketAssets.StagedPrefix}corporate_actions/{partition.Key}/{runId}/rejects.jsonl";

    /// <summary>The LISTING_STATUS lists land beside the prices: <c>raw/listing_status/YYYY-MM-DD/active.csv</c> and <c>delisted.csv</c>.</summary>
    public const string RawListingStatusPrefix = MarketAssets.RawListingStatusPrefix;

    /// <summary>The two lists, by their <c>state</c> parameter.</summary>
    public static readonly IReadOnlyList<string> ListingStates = ["active", "delisted"];

    /// <summary>A list as results, logs and data versions name it (the extractor's and the warehouse's versions must agree).</summary>
    public static string ListingStatusLabel(string state) => $"LISTING_STATUS {state}";

    public static string ListingStatusPartitionPrefix(DailyPartition partition) => $"{RawListingStatusPrefix}{partition.Key}/";

    public static string ListingStatusObject(DailyPartition partition, string state) => $"{ListingStatusPartitionPrefix(partition)}{state}.csv";

    /// <summary>A dim_securities load's rejects file, per run like the staged prices.</summary>
    public static string ListingStatusRejects(DailyPartition partition, string runId) =>
        $"{MarketAssets.StagedPrefix}listing_status/{partition.Key}/{runId}/rejects.jsonl";

    /// <summary>The security master's whole history as one Parquet file (every version, with its validity interval).</summary>
    public const string CuratedSecurities = MarketAssets.CuratedPrefix + "securities/dim_securities.parquet";

    /// <summary>Staged files are written per run, so two loads of one partition never overwrite each other's files.</summary>
    public static string StagedRunPrefix(DailyPartition partition, string runId) => $"{StagedPrefix}{partition.Key}/{runId}/";

    /// <summary>The symbol an object key names, or null when the key is not <c>.../SYMBOL.json</c> with a valid symbol.</summary>
    public static string? SymbolOf(string rawKey)
    {
        var name = rawKey[(rawKey.LastIndexOf('/') + 1)..];
        if (!name.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var symbol = name[..^".json".Length];
        return Symbols.IsValid(symbol) ? symbol : null;
    }
}
