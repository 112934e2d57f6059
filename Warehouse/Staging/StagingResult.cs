using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// What <c>staged_stock_prices</c> produced for a partition. <see cref="RawRows"/> is counted from the raw bytes apart
/// from the parser; reconciliation requires raw rows = staged rows + rejected rows.
/// </summary>
/// <param name="ProvisionalRows">Staged rows of a trading day still in progress when their object was fetched.</param>
/// <param name="UnverifiedObjects">Objects whose bytes are not JSON, so only the parser could count their rows.</param>
public sealed record StagingResult(
    DailyPartition Partition,
    string Prefix,
    string ManifestKey,
    string RejectsKey,
    int Files,
    int Objects,
    int RejectedObjects,
    int UnverifiedObjects,
    long RawRows,
    long StagedRows,
    long RejectedRows,
    long ProvisionalRows,
    long BytesRead,
    long BytesWritten,
    string RawDataVersion,
    IReadOnlyList<RejectedRow> SampleRejects,
    IReadOnlyDictionary<string, int> RejectReasons);
