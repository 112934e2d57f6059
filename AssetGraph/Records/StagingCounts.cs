using System.Text.Json;

namespace MarketAspire.AssetGraph.Records;

/// <summary>
/// The row counts a <c>staged_stock_prices</c> materialization records in its metadata (the warehouse's
/// <c>StagedMetadata</c>, named in snake_case), as reconciliation reads them back.
/// </summary>
public sealed record StagingCounts(long RawRows, long StagedRows, long RejectedRows)
{
    private const string RawRowsKey = "raw_rows";
    private const string StagedRowsKey = "staged_rows";
    private const string RejectedRowsKey = "rejected_rows";

    /// <summary>Reads the counts from a materialization's metadata JSON; a missing count is an error that names it.</summary>
    public static StagingCounts ReadFrom(string metadataJson)
    {
        using var metadata = JsonDocument.Parse(metadataJson);
        long Read(string key) => metadata.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : throw new InvalidDataException($"The staged_stock_prices materialization's metadata has no number '{key}'.");

        return new StagingCounts(Read(RawRowsKey), Read(StagedRowsKey), Read(RejectedRowsKey));
    }
}
