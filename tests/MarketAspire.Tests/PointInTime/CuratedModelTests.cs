using System.Globalization;
using Amazon.S3.Model;
using CsCheck;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Curated;
using Npgsql;
using Parquet.Serialization;

namespace MarketAspire.Tests.PointInTime;

/// <summary>
/// The incremental curated files against a full rewrite: generated sequences of landings (restatements, dropped bars,
/// splits, dividends, any load order, re-runs), each load followed by its curated run; afterwards the files must hold
/// exactly the rows a full rewrite writes, which are the adjusted view's rows.
/// <c>MARKET_CURATED_SEQUENCES=500</c> runs more.
/// </summary>
public class CuratedModelTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Sequences => long.TryParse(Environment.GetEnvironmentVariable("MARKET_CURATED_SEQUENCES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 25;

    private const string ViewRows =
        """
        SELECT symbol, price_date, close, provisional, split_factor::numeric(24,12), close_split_adjusted, dividend_factor::numeric(24,12), close_total_return
        FROM market_data.stock_prices_adjusted ORDER BY symbol, price_date
        """;

    [Fact]
    public async Task After_any_sequence_of_loads_the_incremental_files_hold_what_a_full_rewrite_writes()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers);
        await ScenarioGen.Scenarios.SampleAsync(async scenario =>
        {
            await driver.ResetAsync();
            foreach (var step in scenario.Steps)
            {
                await driver.LoadAsync(step.Landing, step.Content);
                await driver.ExportCuratedAsync(step.Landing);
            }

            var expected = await ViewAsync(driver.Database);
            var actual = await FilesAsync(driver);
            if (expected != actual)
            {
                throw new InvalidOperationException($"curated files differ from a full rewrite:\nview:\n{expected}\nfiles:\n{actual}");
            }
        }, writeLine: line => TestContext.Current.SendDiagnosticMessage(line), seed: Environment.GetEnvironmentVariable("MARKET_MODEL_SEED"), iter: Sequences, threads: 1,
           print: scenario => scenario.ToString());
    }

    private static async Task<string> ViewAsync(NpgsqlDataSource db)
    {
        var lines = new List<string>();
        await using var cmd = db.CreateCommand(ViewRows);
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(Line(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.GetBoolean(3),
                reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7)));
        }

        return string.Join('\n', lines);
    }

    private static async Task<string> FilesAsync(WarehouseDriver driver)
    {
        var listed = await driver.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = driver.Bucket, Prefix = "curated/stock_prices/" }, Ct);
        var lines = new List<string>();
        foreach (var key in (listed.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal))
        {
            var symbol = key.Split('/')[2]["symbol=".Length..];
            using var body = await driver.S3.GetObjectAsync(driver.Bucket, key, Ct);
            using var file = new MemoryStream();
            await body.ResponseStream.CopyToAsync(file, Ct);
            file.Position = 0;
            foreach (var r in (await ParquetSerializer.DeserializeAsync<CuratedRow>(file, cancellationToken: Ct)).Data)
            {
                lines.Add(Line(symbol, r.PriceDate, r.Close, r.Provisional, r.SplitFactor, r.CloseSplitAdjusted, r.DividendFactor, r.CloseTotalReturn));
            }
        }

        return string.Join('\n', lines);
    }

    private static string Line(string symbol, DateOnly date, decimal? close, bool provisional, decimal split, decimal? splitAdjusted, decimal dividend, decimal? totalReturn) =>
        string.Create(CultureInfo.InvariantCulture, $"{symbol} {date:yyyy-MM-dd} {close:0.0000} {provisional} {split:0.000000000000} {splitAdjusted:0.0000} {dividend:0.000000000000} {totalReturn:0.0000}");
}
