using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using Npgsql;
using Parquet.Serialization;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// The local stand-in for Redshift's UNLOAD: reads the current series of the partition's symbols in one ordered scan and
/// replaces <c>curated/stock_prices/symbol=SYMBOL/data.parquet</c> per symbol (a PutObject replaces an object
/// atomically). A few uploads run while the next symbol is read.
/// </summary>
public sealed class ParquetSeriesWriter(IAmazonS3 s3, LakeSettings lake)
{
    public const string FileName = "data.parquet";

    private const int UploadsInFlight = 4;

    public async Task<CuratedResult> WriteAsync(NpgsqlConnection connection, DailyPartition partition, CancellationToken ct)
    {
        var uploads = new List<Task>();
        var symbols = 0;
        long rows = 0;
        string? symbol = null;
        var series = new List<CuratedRow>();

        async Task FlushAsync()
        {
            if (symbol is null)
            {
                return;
            }

            if (uploads.Count >= UploadsInFlight)
            {
                await uploads[0];
                uploads.RemoveAt(0);
            }

            uploads.Add(UploadAsync(symbol, series, ct));
            symbols++;
            rows += series.Count;
            series = [];
        }

        await using (var cmd = new NpgsqlCommand(CuratedSql.Series, connection))
        {
            cmd.Parameters.AddWithValue("partition", partition.Date);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var rowSymbol = reader.GetString(0);
                if (rowSymbol != symbol)
                {
                    await FlushAsync();
                    symbol = rowSymbol;
                }

                series.Add(new CuratedRow
                {
                    PriceDate = reader.GetFieldValue<DateOnly>(1),
                    Open = Decimal(reader, 2),
                    High = Decimal(reader, 3),
                    Low = Decimal(reader, 4),
                    Close = Decimal(reader, 5),
                    Volume = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    Provisional = reader.GetBoolean(7),
                    SplitFactor = reader.GetDecimal(8),
                    OpenSplitAdjusted = Decimal(reader, 9),
                    HighSplitAdjusted = Decimal(reader, 10),
                    LowSplitAdjusted = Decimal(reader, 11),
                    CloseSplitAdjusted = Decimal(reader, 12),
                    VolumeSplitAdjusted = reader.IsDBNull(13) ? null : reader.GetInt64(13),
                    DividendFactor = reader.GetDecimal(14),
                    CloseTotalReturn = Decimal(reader, 15),
                });
            }
        }

        await FlushAsync();
        await Task.WhenAll(uploads);
        return new CuratedResult(symbols, rows, symbols, $"s3://{lake.BucketName}/{LakeKeys.CuratedPrefix}");
    }

    private static decimal? Decimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private async Task UploadAsync(string symbol, List<CuratedRow> series, CancellationToken ct)
    {
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
    }
}
