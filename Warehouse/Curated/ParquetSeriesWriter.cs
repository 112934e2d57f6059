using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using Npgsql;
using Parquet.Serialization;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// The local stand-in for Redshift's UNLOAD: reads the planned symbol-years of the adjusted series in one ordered scan
/// (each year a range of the fact table's primary key) and replaces <c>curated/stock_prices/symbol=S/year=Y/data.parquet</c>
/// per symbol-year (a PutObject replaces an object atomically). A few uploads run while the next year is read.
/// </summary>
public sealed class ParquetSeriesWriter(IAmazonS3 s3, LakeSettings lake)
{
    public const string FileName = "data.parquet";

    /// <summary>PostgreSQL only (make_date): the ranges let each symbol-year read through the primary key.</summary>
    public const string PlannedRows =
        $"""
        SELECT {CuratedSql.Columns}, year
        FROM (
            SELECT {CuratedSql.AdjustedColumns}
            FROM market_data.curated_years y
            JOIN market_data.fct_stock_prices f
              ON f.symbol = y.symbol AND f.price_date >= make_date(y.year, 1, 1) AND f.price_date < make_date(y.year + 1, 1, 1)
            {CuratedSql.FactorJoins}
            WHERE y.plan_id = @plan AND y.year <> 0
        ) planned
        ORDER BY symbol, price_date
        """;

    /// <summary>
    /// The plan's rows are fresh in tables that hold only running plans: without statistics the planner takes each for a
    /// row or two and joins every bar with every planned range in a nested loop (seen: 71 s instead of a second). JIT
    /// compilation, chosen by the estimated cost of a long history's index probes, costs more than it saves here; the
    /// day's rows (a year of each symbol, about 25 MB at 500 symbols) are sorted in memory rather than on disk.
    /// </summary>
    public const string AnalyzePlan =
        "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; ANALYZE market_data.curated_years, market_data.curated_year_factors";

    private const int UploadsInFlight = 4;

    public async Task<CuratedWrite> WriteAsync(NpgsqlConnection connection, CuratedPlan plan, CancellationToken ct)
    {
        var uploads = new List<Task>();
        var written = new HashSet<SymbolYear>();
        long rows = 0;
        SymbolYear? current = null;
        var series = new List<CuratedRow>();

        async Task FlushAsync()
        {
            if (current is not { } year)
            {
                return;
            }

            if (uploads.Count >= UploadsInFlight)
            {
                await uploads[0];
                uploads.RemoveAt(0);
            }

            uploads.Add(UploadAsync(year, series, ct));
            written.Add(year);
            rows += series.Count;
            series = [];
        }

        try
        {
            await using (var analyze = new NpgsqlCommand(AnalyzePlan, connection))
            {
                await analyze.ExecuteNonQueryAsync(ct);
            }

            await using (var cmd = new NpgsqlCommand(PlannedRows, connection))
            {
                cmd.Parameters.AddWithValue("plan", plan.Id);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var rowYear = new SymbolYear(reader.GetString(0), reader.GetInt32(16));
                    if (rowYear != current)
                    {
                        await FlushAsync();
                        current = rowYear;
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
        }
        catch
        {
            // No upload of a failed attempt may land after its retry has written the same file.
            await Task.WhenAny(Task.WhenAll(uploads));
            throw;
        }

        return new CuratedWrite(written, rows, written.Count);
    }

    private static decimal? Decimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private async Task UploadAsync(SymbolYear year, List<CuratedRow> series, CancellationToken ct)
    {
        using var file = new MemoryStream();
        await ParquetSerializer.SerializeAsync(series, file, cancellationToken: ct);
        file.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = lake.BucketName,
            Key = LakeKeys.CuratedYearPrefix(year.Symbol, year.Year) + FileName,
            InputStream = file,
            ContentType = "application/vnd.apache.parquet",
        }, ct);
    }
}
