using Amazon.S3.Model;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Curated;

namespace MarketAspire.Tests.Warehousing;

/// <summary>
/// curated_stock_prices rewrites what a run changed and no more: the years of the bars it staged, every year of a
/// symbol whose adjustment factors changed, and nothing of the other symbols; each time the files hold exactly the
/// adjusted view's rows (what a full rewrite would write).
/// </summary>
public class CuratedIncrementalTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_rewrites_the_years_it_changed_a_new_dividend_rewrites_the_symbol_and_stale_files_go()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);

        // Two years of IBM, one of MSFT, and a file of the earlier one-file-per-symbol layout.
        await harness.LandSeriesAsync("2026-01-09", 30, "IBM");
        await harness.LandSeriesAsync("2026-01-09", 5, "MSFT");
        await harness.S3.PutObjectAsync(new PutObjectRequest { BucketName = harness.Bucket, Key = "curated/stock_prices/symbol=IBM/data.parquet", ContentBody = "old" }, Ct);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-01-09"));
        Assert.Equal(
            [
                "curated/stock_prices/symbol=IBM/year=2025/data.parquet", "curated/stock_prices/symbol=IBM/year=2026/data.parquet",
                "curated/stock_prices/symbol=MSFT/year=2026/data.parquet",
            ],
            await CuratedLakeTests.CuratedKeysAsync(harness));
        Assert.Equal(await harness.ScalarAsync<string>(CuratedLakeTests.FactRows), await CuratedLakeTests.ParquetRowsAsync(harness));
        var first = await ETagsAsync(harness);

        // The next day's landing of IBM only (its 30 days reach back into December, unchanged): only IBM's 2026 is rewritten.
        await harness.LandSeriesAsync("2026-01-12", 30, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-01-12"));
        var second = await ETagsAsync(harness);
        Assert.Equal(first["symbol=MSFT/year=2026"], second["symbol=MSFT/year=2026"]);
        Assert.NotEqual(first["symbol=IBM/year=2026"], second["symbol=IBM/year=2026"]);
        Assert.Equal(first["symbol=IBM/year=2025"], second["symbol=IBM/year=2025"]); // written again with the same bytes at most
        Assert.Equal(await harness.ScalarAsync<string>(CuratedLakeTests.FactRows), await CuratedLakeTests.ParquetRowsAsync(harness));
        var metadata = await LatestMetadataAsync(harness);
        Assert.Contains("\"whole_symbols\": 0", metadata);

        // A dividend in January changes every earlier bar's total-return close: IBM is rewritten whole, MSFT not at all.
        await harness.LandSeriesAsync("2026-01-13", 5, "IBM");
        await harness.PutCorporateActionsAsync("2026-01-13", "IBM.dividends.json",
            """{"symbol": "IBM", "data": [{"ex_dividend_date": "2026-01-08", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "1.50"}]}"""u8.ToArray());
        await harness.PutCorporateActionsAsync("2026-01-13", "IBM.splits.json", """{"symbol": "IBM", "data": []}"""u8.ToArray());
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-01-13"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_dividends"));
        var third = await ETagsAsync(harness);
        Assert.Equal(second["symbol=MSFT/year=2026"], third["symbol=MSFT/year=2026"]);
        Assert.NotEqual(second["symbol=IBM/year=2025"], third["symbol=IBM/year=2025"]);
        Assert.Equal(await harness.ScalarAsync<string>(CuratedLakeTests.FactRows), await CuratedLakeTests.ParquetRowsAsync(harness));
        metadata = await LatestMetadataAsync(harness);
        Assert.Contains("\"whole_symbols\": 1", metadata);
        Assert.Contains("\"years\": 2", metadata);
    }

    [Fact]
    public async Task A_split_committed_while_the_files_are_written_makes_the_next_run_rewrite_the_symbol_whole()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-01-09", 30, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-01-09"));
        var partition = AssetGraph.Partitions.DailyPartition.Parse("2026-01-12");
        await harness.LandSeriesAsync("2026-01-12", 30, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-01-12"));

        // A curated run of 2026-01-13 plans IBM's 2026 only; before it records, another step commits a split in 2025.
        await using var db = JobHarness.DataSource(harness.Settings);
        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await harness.ExecuteAsync("INSERT INTO market_data.stg_stock_prices (partition_date, symbol, price_date, close, source_key, source_version, run_id) VALUES ('2026-01-13', 'IBM', '2026-01-13', 100, 'k', 'v', 'r')");
        var plan = await CuratedPlan.MakeAsync(connection, transaction, AssetGraph.Partitions.DailyPartition.Parse("2026-01-13"), Ct);
        Assert.Empty(plan.WholeSymbols);
        await harness.ExecuteAsync(
            """
            INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at)
            VALUES ('IBM', '2025-12-15', 4, '2026-01-13', 'k', 'v', 'r', now())
            """);
        await plan.RecordAsync(connection, transaction, AssetGraph.Partitions.DailyPartition.Parse("2026-01-13"), Ct);
        await transaction.CommitAsync(Ct);

        // What the files were written with is the snapshot before the split, so the next plan sees the split as a change.
        await using var next = await connection.BeginTransactionAsync(Ct);
        var again = await CuratedPlan.MakeAsync(connection, next, partition, Ct);
        Assert.Equal(["IBM"], again.WholeSymbols);
        Assert.Contains(new SymbolYear("IBM", 2025), again.Years);
    }

    [Fact]
    public async Task Each_year_file_gets_the_factor_ranges_that_cross_its_boundaries()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);

        // Bars from October 2024 to January 2026; a 2:1 split on 2025's first trading day; dividends on 2024-12-02 and
        // 2026-01-02, so one dividend range runs from December 2024 through all of 2025 into 2026.
        await harness.LandSeriesAsync("2026-01-09", 310, "IBM");
        await harness.PutCorporateActionsAsync("2026-01-09", "IBM.splits.json",
            """{"symbol": "IBM", "data": [{"effective_date": "2025-01-02", "split_factor": "2.0000"}]}"""u8.ToArray());
        await harness.PutCorporateActionsAsync("2026-01-09", "IBM.dividends.json",
            """
            {"symbol": "IBM", "data": [
              {"ex_dividend_date": "2026-01-02", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "1.00"},
              {"ex_dividend_date": "2024-12-02", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "0.50"}]}
            """u8.ToArray());
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-01-09"));

        var rows = (await CuratedLakeTests.ReadAsync(harness, "IBM")).ToDictionary(r => r.PriceDate);
        decimal Close(string date) => rows[DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)].Close!.Value;
        CuratedRow Row(string date) => rows[DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)];

        // Worked by hand: bars before the split carry its factor, bars from its date on do not; the dividend of 2026-01-02
        // is measured against 2025-12-31's close, the one of 2024-12-02 against 2024-11-29's (both on one share basis).
        var late = 1 - 1.00 / (double)Close("2025-12-31");
        var early = 1 - 0.50 / (double)Close("2024-11-29");
        Assert.Equal(2m, Row("2024-12-31").SplitFactor);
        Assert.Equal(1m, Row("2025-01-02").SplitFactor);
        Assert.Equal(Math.Round(late * early, 12), (double)Row("2024-11-29").DividendFactor, 12);
        Assert.Equal(Math.Round(late, 12), (double)Row("2024-12-02").DividendFactor, 12);
        Assert.Equal(Math.Round(late, 12), (double)Row("2025-07-01").DividendFactor, 12);
        Assert.Equal(Math.Round(late, 12), (double)Row("2025-12-31").DividendFactor, 12);
        Assert.Equal(1m, Row("2026-01-02").DividendFactor);

        // And every column of every year's file is what the adjusted view holds.
        Assert.Equal(await harness.ScalarAsync<string>(CuratedLakeTests.FactRows), await CuratedLakeTests.ParquetRowsAsync(harness));
    }

    /// <summary>Each curated file's ETag (its content's MD5 here), by <c>symbol=S/year=Y</c>.</summary>
    private static async Task<Dictionary<string, string>> ETagsAsync(WarehouseHarness harness)
    {
        var listed = await harness.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = harness.Bucket, Prefix = "curated/stock_prices/" }, Ct);
        return (listed.S3Objects ?? []).ToDictionary(o => string.Join('/', o.Key.Split('/')[2..4]), o => o.ETag);
    }

    private static Task<string?> LatestMetadataAsync(WarehouseHarness harness) => harness.ScalarAsync<string>(
        "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'curated_stock_prices' ORDER BY finished_at DESC LIMIT 1");
}
