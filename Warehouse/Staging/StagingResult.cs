using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Warehouse.Staging;

/// <summary>What <c>staged_stock_prices</c> produced for a partition. Raw rows = staged rows + rejected rows.</summary>
public sealed record StagingResult(
    DailyPartition Partition,
    string Prefix,
    string ManifestKey,
    string RejectsKey,
    int Files,
    int Objects,
    int RejectedObjects,
    long RawRows,
    long StagedRows,
    long RejectedRows,
    long BytesRead,
    long BytesWritten,
    string RawDataVersion,
    string DataVersion,
    IReadOnlyList<RejectedRow> SampleRejects,
    IReadOnlyDictionary<string, int> RejectReasons);
