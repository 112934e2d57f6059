using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// One row of the curated Parquet files, with the types Redshift's <c>UNLOAD ... FORMAT AS PARQUET</c> writes for the
/// same columns (DATE, DECIMAL, BIGINT, BOOLEAN). The symbol is the folder name (<c>symbol=IBM</c>), not a column.
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

    [JsonPropertyName("split_factor"), ParquetDecimal(24, 12)]
    public decimal SplitFactor { get; set; }

    [JsonPropertyName("open_split_adjusted"), ParquetDecimal(18, 4)]
    public decimal? OpenSplitAdjusted { get; set; }

    [JsonPropertyName("high_split_adjusted"), ParquetDecimal(18, 4)]
    public decimal? HighSplitAdjusted { get; set; }

    [JsonPropertyName("low_split_adjusted"), ParquetDecimal(18, 4)]
    public decimal? LowSplitAdjusted { get; set; }

    [JsonPropertyName("close_split_adjusted"), ParquetDecimal(18, 4)]
    public decimal? CloseSplitAdjusted { get; set; }

    [JsonPropertyName("volume_split_adjusted")]
    public long? VolumeSplitAdjusted { get; set; }

    [JsonPropertyName("dividend_factor"), ParquetDecimal(24, 12)]
    public decimal DividendFactor { get; set; }

    [JsonPropertyName("close_total_return"), ParquetDecimal(18, 4)]
    public decimal? CloseTotalReturn { get; set; }
}
