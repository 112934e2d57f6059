using System.Globalization;
using Amazon.S3.Model;
using DuckDB.NET.Data;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Curated;
using Parquet.Serialization;

namespace MarketAspire.Tests.Warehousing;

/// <summary>curated_stock_prices: the current series as Parquet in the lake, read back by Parquet.Net and by DuckDB.</summary>
public class CuratedLakeTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every column the curated files carry, from the fact table through the adjusted view, per symbol, as text.</summary>
    internal const string FactRows =
        """
        SELECT string_agg(concat_ws('|', symbol, price_date, open, high, low, close, volume, provisional, split_factor::numeric(24,12),
                                    open_split_adjusted, high_split_adjusted, low_split_adjusted, close_split_adjusted, volume_split_adjusted,
                                    dividend_factor::numeric(24,12), close_total_return), E'\n' ORDER BY symbol, price_date)
        FROM market_data.stock_prices_adjusted
        """;

    [Fact]
    public async Task The_parquet_files_read_back_with_the_same_rows_as_the_fact_table_and_follow_a_restatement()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-24", 60, "IBM", "BRK.B");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-24"));

        Assert.Equal(
            ["curated/stock_prices/symbol=BRK.B/year=2026/data.parquet", "curated/stock_prices/symbol=IBM/year=2026/data.parquet"],
            await CuratedKeysAsync(harness));
        Assert.Equal(await harness.ScalarAsync<string>(FactRows), await ParquetRowsAsync(harness));

        await harness.RestateAsync("2026-11-25", "IBM", "2026-11-20", 1.1m, days: 60);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        var restated = await harness.ScalarAsync<decimal>("SELECT close FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-20'");
        var ibm = await ReadAsync(harness, "IBM");
        Assert.Equal(restated, ibm.Single(r => r.PriceDate == new DateOnly(2026, 11, 20)).Close);
        Assert.Equal(await harness.ScalarAsync<string>(FactRows), await ParquetRowsAsync(harness));
        var metadata = await harness.ScalarAsync<string>(
            "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'curated_stock_prices' ORDER BY finished_at DESC LIMIT 1");
        Assert.Contains("\"symbols\": 1", metadata); // 2026-11-25 staged IBM only
        Assert.Contains("\"years\": 1", metadata);
        Assert.Contains($"\"rows\": {ibm.Count}", metadata);
    }

    [Fact]
    public async Task DuckDB_reads_the_folder_as_the_README_shows_with_the_symbol_from_the_folder_name()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 30, "IBM", "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        var folder = Directory.CreateTempSubdirectory("curated-").FullName;
        try
        {
            foreach (var key in await CuratedKeysAsync(harness))
            {
                var path = Path.Combine(folder, key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, await harness.ReadBytesAsync(key), Ct);
            }

            await using var duck = new DuckDBConnection("Data Source=:memory:");
            await duck.OpenAsync(Ct);
            await using var cmd = duck.CreateCommand();
            cmd.CommandText =
                $"""
                SELECT symbol, price_date, close
                FROM read_parquet('{folder}/curated/stock_prices/*/*/*.parquet', hive_partitioning = true)
                WHERE symbol = 'MSFT'
                ORDER BY price_date DESC
                LIMIT 5
                """;
            var rows = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)}|{DateOnly.FromDateTime(reader.GetDateTime(1)):yyyy-MM-dd}|{reader.GetDecimal(2)}"));
                }
            }

            // The types Redshift's UNLOAD writes for the same columns.
            cmd.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{folder}/curated/stock_prices/*/*/*.parquet', hive_partitioning = true)";
            var columns = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    columns.Add($"{reader.GetString(0)} {reader.GetString(1)}");
                }
            }

            Assert.Equal(
                [
                    "price_date DATE", "open DECIMAL(18,4)", "high DECIMAL(18,4)", "low DECIMAL(18,4)", "close DECIMAL(18,4)", "volume BIGINT",
                    "provisional BOOLEAN", "split_factor DECIMAL(24,12)", "open_split_adjusted DECIMAL(18,4)", "high_split_adjusted DECIMAL(18,4)",
                    "low_split_adjusted DECIMAL(18,4)", "close_split_adjusted DECIMAL(18,4)", "volume_split_adjusted BIGINT",
                    "dividend_factor DECIMAL(24,12)", "close_total_return DECIMAL(18,4)", "symbol VARCHAR", "year BIGINT",
                ],
                columns);

            var expected = await harness.ScalarAsync<string>(
                "SELECT string_agg(concat_ws('|', symbol, price_date, close), ',' ORDER BY price_date DESC) FROM (SELECT * FROM market_data.fct_stock_prices WHERE symbol = 'MSFT' ORDER BY price_date DESC LIMIT 5) f");
            Assert.Equal(expected, string.Join(',', rows));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static async Task<List<string>> CuratedKeysAsync(WarehouseHarness harness)
    {
        var listed = await harness.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = harness.Bucket, Prefix = "curated/stock_prices/" }, Ct);
        return (listed.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A symbol's rows, its year files read in key order (years of four digits sort by date).</summary>
    internal static async Task<List<CuratedRow>> ReadAsync(WarehouseHarness harness, string symbol)
    {
        var rows = new List<CuratedRow>();
        foreach (var key in (await CuratedKeysAsync(harness)).Where(k => k.StartsWith($"curated/stock_prices/symbol={symbol}/", StringComparison.Ordinal)))
        {
            Assert.Matches(@"/year=\d{4}/data\.parquet$", key);
            using var file = new MemoryStream(await harness.ReadBytesAsync(key));
            rows.AddRange((await ParquetSerializer.DeserializeAsync<CuratedRow>(file, cancellationToken: Ct)).Data);
        }

        return rows;
    }

    internal static async Task<string> ParquetRowsAsync(WarehouseHarness harness)
    {
        var lines = new List<string>();
        foreach (var symbol in (await CuratedKeysAsync(harness)).Select(k => k.Split('/')[2]["symbol=".Length..]).Distinct())
        {
            lines.AddRange((await ReadAsync(harness, symbol)).Select(r => string.Join('|',
                symbol, r.PriceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text(r.Open), Text(r.High), Text(r.Low), Text(r.Close),
                r.Volume?.ToString(CultureInfo.InvariantCulture), r.Provisional ? "t" : "f", r.SplitFactor.ToString("0.000000000000", CultureInfo.InvariantCulture),
                Text(r.OpenSplitAdjusted), Text(r.HighSplitAdjusted), Text(r.LowSplitAdjusted), Text(r.CloseSplitAdjusted),
                r.VolumeSplitAdjusted?.ToString(CultureInfo.InvariantCulture), r.DividendFactor.ToString("0.000000000000", CultureInfo.InvariantCulture), Text(r.CloseTotalReturn))));
        }

        return string.Join('\n', lines);
    }

    private static string? Text(decimal? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture);
}
