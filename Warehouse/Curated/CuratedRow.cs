using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// One row of the curated Parquet files, with the types Redshift's <c>UNLOAD ... FORMAT AS PARQUET</c> writes for the
/// same columns (DATE, DECIMAL(18,4), BIGINT, BOOLEAN). The symbol is the folder name (<c>symbol=IBM</c>), not a column.
/// </summary>
public sealed class CuratedRow
{
    [JsonPropertyName("price_date")]
    public DateOnly PriceDate { get; set; }

    [JsonPropertyName("open"), ParquetDecimal(18, 4)]
    public decimal? Open { get; set; }

    [JsonPropertyName("high"), ParquetDecimal(18, 4)]
    public decimal? High { get; set; }

    [JsonPropertyName("low"), ParquetDecimal(18, 4)]
    public decimal? Low { get; set; }

    [JsonPropertyName("close"), ParquetDecimal(18, 4)]
    public decimal? Close { get; set; }

    [JsonPropertyName("volume")]
    public long? Volume { get; set; }

    [JsonPropertyName("provisional")]
    public bool Provisional { get; set; }

    /// <summary>The landing date that first delivered these values.</summary>
    [JsonPropertyName("partition_date")]
    public DateOnly PartitionDate { get; set; }
}
