namespace MarketAspire.Extractor;

internal static partial class ExtractorLog
{
    [LoggerMessage(3000, LogLevel.Information, "Landed {Symbol}: {Bytes} bytes, {Days} trading days at {Key} (unchanged: {Unchanged})")]
    public static partial void SymbolLanded(ILogger logger, string symbol, long bytes, int days, string key, bool unchanged);

    [LoggerMessage(3001, LogLevel.Warning, "{Symbol} failed: {Reason}")]
    public static partial void SymbolFailed(ILogger logger, string symbol, string reason);

    [LoggerMessage(3002, LogLevel.Warning, "{Symbol}: retrying (attempt {Attempt}) in {DelayMs} ms after: {Message}")]
    public static partial void RateLimited(ILogger logger, string symbol, int attempt, long delayMs, string message);

    [LoggerMessage(3003, LogLevel.Error, "Stopping at {Symbol}: {Reason}")]
    public static partial void Stopping(ILogger logger, string symbol, string reason);

    [LoggerMessage(3004, LogLevel.Information, "raw_stock_prices {Partition}: {Summary}")]
    public static partial void PartitionExtracted(ILogger logger, string partition, string summary);

    [LoggerMessage(3005, LogLevel.Warning, "{Message}")]
    public static partial void ListingWarning(ILogger logger, string message);
}
