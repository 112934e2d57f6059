using System.Text.Json.Serialization;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;
using Parquet.Serialization;

namespace MarketAspire.Warehouse.Securities;

/// <summary>One version of a security as the curated Parquet file holds it (the table's columns without lineage).</summary>
public sealed class SecurityParquetRow
{
    [JsonPropertyName("symbol")] public string Symbol { get; set; } = "";
    [JsonPropertyName("security_name")] public string SecurityName { get; set; } = "";
    [JsonPropertyName("exchange")] public string Exchange { get; set; } = "";
    [JsonPropertyName("asset_type")] public string AssetType { get; set; } = "";
    [JsonPropertyName("ipo_date")] public DateOnly? IpoDate { get; set; }
    [JsonPropertyName("delisting_date")] public DateOnly? DelistingDate { get; set; }
    [JsonPropertyName("listing_status")] public string ListingStatus { get; set; } = "";
    [JsonPropertyName("valid_from")] public DateOnly ValidFrom { get; set; }
    [JsonPropertyName("valid_until")] public DateOnly? ValidUntil { get; set; }

    /// <summary>In the current universe (<c>market_data.securities_current</c>: both lists as of one common date).</summary>
    [JsonPropertyName("is_current")] public bool IsCurrent { get; set; }
}

/// <summary>
/// Writes <c>curated/securities/dim_securities.parquet</c>: the whole history (a few tens of thousands of rows), on every
/// run, read and uploaded under the table's lock: a run whose upload failed, or that uploaded after a later load, cannot
/// leave an older file in place. Both dialects: a plain SELECT, written here.
/// </summary>
public sealed class SecuritiesParquet(IAmazonS3 s3, LakeSettings lake, WarehouseDatabase warehouse, IWarehouseDialect dialect)
{
    /// <returns>The rows written.</returns>
    public async Task<int> WriteAsync(DailyPartition partition, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, SecuritiesSql.Table, partition, ct);
        var rows = new List<SecurityParquetRow>();
        await using (var cmd = new Npgsql.NpgsqlCommand(SecuritiesSql.AllVersions, connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new SecurityParquetRow
                {
                    Symbol = reader.GetString(0), SecurityName = reader.GetString(1), Exchange = reader.GetString(2), AssetType = reader.GetString(3),
                    IpoDate = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4),
                    DelistingDate = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
                    ListingStatus = reader.GetString(6), ValidFrom = reader.GetFieldValue<DateOnly>(7),
                    ValidUntil = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                    IsCurrent = reader.GetBoolean(9),
                });
            }
        }

        using var file = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, file, cancellationToken: ct);
        file.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = lake.BucketName, Key = LakeKeys.CuratedSecurities, InputStream = file, ContentType = "application/vnd.apache.parquet",
        }, ct);
        await tx.CommitAsync(ct);
        return rows.Count;
    }
}
