namespace MarketAspire.Warehouse;

internal static partial class WarehouseLog
{
    [LoggerMessage(4000, LogLevel.Information, "staged_stock_prices {Partition}: {Objects} objects, {RawRows} raw rows = {StagedRows} staged + {RejectedRows} rejected ({RejectedObjects} objects rejected whole), {Files} files")]
    public static partial void Staged(ILogger logger, string partition, int objects, long rawRows, long stagedRows, long rejectedRows, int rejectedObjects, int files);

    [LoggerMessage(4001, LogLevel.Information, "stg_stock_prices {Partition}: {Rows} rows loaded from {Files} files in {ElapsedMs} ms")]
    public static partial void StagingLoaded(ILogger logger, string partition, long rows, int files, long elapsedMs);

    [LoggerMessage(4002, LogLevel.Information, "fct_stock_prices {Partition}: {New} new rows, {Revised} rows revised (old versions kept), unchanged rows untouched, in one transaction in {ElapsedMs} ms")]
    public static partial void FactApplied(ILogger logger, string partition, long @new, long revised, long elapsedMs);

    [LoggerMessage(4004, LogLevel.Information, "curated_stock_prices {Partition}: {Years} symbol-years of {Symbols} symbols ({Whole} rewritten whole; {Rows} rows) written as Parquet under {Prefix}, {Removed} stale objects removed")]
    public static partial void Curated(ILogger logger, string partition, int years, int symbols, int whole, long rows, string prefix, int removed);

    [LoggerMessage(4005, LogLevel.Information, "fct_{Kind}: {Objects} objects, {Rows} rows loaded, {Rejected} rejected")]
    public static partial void CorporateActions(ILogger logger, string kind, int objects, int rows, int rejected);

    [LoggerMessage(4003, LogLevel.Warning, "staged_stock_prices {Partition}: {Count} rows rejected; first: {Key} {PriceDate}: {Reason}")]
    public static partial void Rejected(ILogger logger, string partition, long count, string key, string? priceDate, string reason);

    [LoggerMessage(4006, LogLevel.Warning, "staged_stock_prices {Partition}: staging failed ({Reason}); its {Count} files under {Prefix} were deleted")]
    public static partial void StagedRunDiscarded(ILogger logger, string partition, int count, string prefix, string reason);

    [LoggerMessage(4007, LogLevel.Warning, "staged_stock_prices {Partition}: staging failed, and its files under {Prefix} could not be deleted either: {Reason}")]
    public static partial void StagedRunNotDiscarded(ILogger logger, string partition, string prefix, string reason);

    [LoggerMessage(4008, LogLevel.Information, "dim_securities {Partition}: {Rows} listing rows, {Rejected} rejected, {KeptPrevious} list(s) kept the previous universe")]
    public static partial void Securities(ILogger logger, string partition, int rows, int rejected, int keptPrevious);
}
