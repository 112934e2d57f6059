using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using Npgsql;
using Parquet.Serialization;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// The local stand-in for Redshift's UNLOAD: per symbol, reads the current series from the fact table and replaces
/// <c>curated/stock_prices/symbol=SYMBOL/data.parquet</c> with it (a PutObject replaces an object atomically).
/// </summary>
public sealed class ParquetSeriesWriter(IAmazonS3 s3, LakeSettings lake)
{
    public const string FileName = "data.parquet";

    public async Task<CuratedResult> WriteAsync(NpgsqlConnection connection, DailyPartition partition, CancellationToken ct)
    {
        var symbols = new List<string>();
        await using (var cmd = new NpgsqlCommand(CuratedSql.Symbols, connection))
        {
            cmd.Parameters.AddWithValue("partition", partition.Date);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                symbols.Add(reader.GetString(0));
            }
        }

        long rows = 0;
        foreach (var symbol in symbols)
        {
            var series = await ReadSeriesAsync(connection, symbol, ct);
            using var file = new MemoryStream();
            await ParquetSerializer.SerializeAsync(series, file, cancellationToken: ct);
            file.Position = 0;
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = lake.BucketName,
                Key = LakeKeys.CuratedSymbolPrefix(symbol) + FileName,
                InputStream = file,
                ContentType = "application/vnd.apache.parquet",
            }, ct);
            rows += series.Count;
        }

        return new CuratedResult(symbols.Count, rows, symbols.Count, $"s3://{lake.BucketName}/{LakeKeys.CuratedPrefix}");
    }

    private static async Task<List<CuratedRow>> ReadSeriesAsync(NpgsqlConnection connection, string symbol, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(CuratedSql.Series, connection);
        cmd.Parameters.AddWithValue("symbol", symbol);
        var series = new List<CuratedRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            series.Add(new CuratedRow
            {
                PriceDate = reader.GetFieldValue<DateOnly>(0),
                Open = reader.IsDBNull(1) ? null : reader.GetDecimal(1),
                High = reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                Low = reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                Close = reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                Volume = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                Provisional = reader.GetBoolean(6),
                PartitionDate = reader.GetFieldValue<DateOnly>(7),
            });
        }

        return series;
    }
}
