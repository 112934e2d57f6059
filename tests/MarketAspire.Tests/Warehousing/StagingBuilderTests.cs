using System.Text;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Staging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Warehousing;

/// <summary>
/// <c>staged_stock_prices</c> on its own, against the S3 emulator: what it writes to the lake (files, manifest,
/// rejects and their content types) and what it reports (counts, bytes, versions, reasons).
/// </summary>
public class StagingBuilderTests(SharedServers servers)
{
    private const string Partition = "2026-11-25";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StagingBuilder Builder(WarehouseHarness harness, int rowsPerFile = 250_000, int workers = 2, Amazon.S3.IAmazonS3? s3 = null) => new(
        s3 ?? harness.S3,
        new LakeSettings { BucketName = harness.Bucket, Region = "us-east-1" },
        new WarehouseTuning { RowsPerFile = rowsPerFile, StagingWorkers = workers },
        NullLogger<StagingBuilder>.Instance);

    private static string Series(string symbol, IEnumerable<string> days) =>
        $$$"""{"Meta Data": {"2. Symbol": "{{{symbol}}}"}, "Time Series (Daily)": { {{{string.Join(",", days)}}} }}""";

    private static string Day(string date, string open = "10.0000") =>
        $$"""
        "{{date}}": {"1. open": "{{open}}", "2. high": "11.0000", "3. low": "9.0000", "4. close": "10.5000", "5. volume": "1000"}
        """;

    [Fact]
    public async Task A_partition_without_raw_objects_names_the_prefix_and_why_it_cannot_be_fetched_again()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Builder(harness).BuildAsync(DailyPartition.Parse(Partition), "run-1", Ct));

        Assert.Equal(
            $"No raw objects under s3://{harness.Bucket}/raw/stock_data/2026-11-25/: raw_stock_prices was never landed for 2026-11-25. " +
            "For today's landing date, run the extractor first; a past one cannot be fetched any more (the market API answers only \"now\"), " +
            "so only partitions landed on their day can be rebuilt.",
            error.Message);
    }

    [Fact]
    public async Task Files_manifest_and_rejects_are_written_under_the_run_prefix_with_their_content_types_and_counts()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync(Partition, 30, "IBM", "MSFT", "AAPL");
        await harness.PutRawAsync(Partition, "BAD.json", Series("BAD", [Day("2026-11-25", open: "abc"), Day("2026-11-24", open: "-"), Day("2026-11-21")]));
        await harness.PutRawAsync(Partition, "folder/", "");

        var result = await Builder(harness, rowsPerFile: 20, workers: 2).BuildAsync(DailyPartition.Parse(Partition), "run-1", Ct);

        Assert.Equal("staged/stock_prices/2026-11-25/run-1/", result.Prefix);
        Assert.Equal(4, result.Objects); // the folder marker is not an object to parse
        Assert.Equal((0, 0), (result.RejectedObjects, result.UnverifiedObjects));
        Assert.Equal((93L, 91L, 2L), (result.RawRows, result.StagedRows, result.RejectedRows));

        var manifest = CopyManifest.Parse(Encoding.UTF8.GetBytes(await harness.ReadTextAsync(result.ManifestKey)), result.ManifestKey);
        Assert.Equal(result.Files, manifest.Entries.Count);
        Assert.True(manifest.Entries.Count >= 5, $"91 rows at 20 per file need at least 5 files, got {manifest.Entries.Count}");
        Assert.Equal(manifest.Entries.Select(e => e.Url).Order(StringComparer.Ordinal), manifest.Entries.Select(e => e.Url));
        Assert.Equal(result.StagedRows, manifest.Entries.Sum(e => e.Meta.RecordCount));
        Assert.Equal(result.BytesWritten, manifest.Entries.Sum(e => e.Meta.ContentLength));
        foreach (var entry in manifest.Entries)
        {
            Assert.True(entry.Mandatory);
            var key = entry.Url[$"s3://{harness.Bucket}/".Length..];
            Assert.StartsWith(result.Prefix, key);
            var metadata = await harness.S3.GetObjectMetadataAsync(harness.Bucket, key, Ct);
            Assert.Equal(("application/gzip", entry.Meta.ContentLength), (metadata.Headers.ContentType, metadata.ContentLength));
        }

        Assert.Equal("application/json", (await harness.S3.GetObjectMetadataAsync(harness.Bucket, result.ManifestKey, Ct)).Headers.ContentType);
        Assert.Equal(result.Prefix + "manifest.json", result.ManifestKey);
        Assert.Equal("application/x-ndjson", (await harness.S3.GetObjectMetadataAsync(harness.Bucket, result.RejectsKey, Ct)).Headers.ContentType);
        Assert.Equal(result.Prefix + "rejects.jsonl", result.RejectsKey);

        var rawBytes = 0L;
        foreach (var symbol in new[] { "IBM", "MSFT", "AAPL", "BAD" })
        {
            rawBytes += (await harness.S3.GetObjectMetadataAsync(harness.Bucket, $"raw/stock_data/{Partition}/{symbol}.json", Ct)).ContentLength;
        }

        Assert.Equal(rawBytes, result.BytesRead);
        Assert.Matches("^[0-9a-f]{16,}$", result.RawDataVersion);
    }

    [Fact]
    public async Task The_manifest_lists_the_rows_in_symbol_then_date_order_so_the_copy_fills_staging_in_key_order()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync(Partition, 12, "MSFT", "AAPL", "IBM", "GOOGL", "AMZN");

        var result = await Builder(harness, rowsPerFile: 7, workers: 2).BuildAsync(DailyPartition.Parse(Partition), "run-o", Ct);

        var manifest = CopyManifest.Parse(Encoding.UTF8.GetBytes(await harness.ReadTextAsync(result.ManifestKey)), result.ManifestKey);
        var keys = new List<(string Symbol, string Date)>();
        foreach (var entry in manifest.Entries)
        {
            using var gzip = new System.IO.Compression.GZipStream(
                new MemoryStream(await harness.ReadBytesAsync(entry.Url[$"s3://{harness.Bucket}/".Length..])), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            while (await reader.ReadLineAsync(Ct) is { } line)
            {
                var fields = line.Split(',');
                keys.Add((fields[1], fields[2]));
            }
        }

        Assert.Equal(60, keys.Count);
        Assert.Equal(keys.OrderBy(k => k.Symbol, StringComparer.Ordinal).ThenBy(k => k.Date, StringComparer.Ordinal), keys);
        Assert.Contains(manifest.Entries, e => e.Url.Contains("/part-01-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workers_share_the_objects_by_their_bytes_as_the_listing_gives_them()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync(Partition, 300, "AAPL");
        await harness.LandSeriesAsync(Partition, 10, "IBM", "MSFT");

        var result = await Builder(harness, workers: 2).BuildAsync(DailyPartition.Parse(Partition), "run-b", Ct);

        // By count the first worker would take AAPL and IBM; by bytes AAPL alone outweighs the other two.
        var manifest = CopyManifest.Parse(Encoding.UTF8.GetBytes(await harness.ReadTextAsync(result.ManifestKey)), result.ManifestKey);
        Assert.Equal([300L, 20L], manifest.Entries.Select(e => e.Meta.RecordCount));
        Assert.EndsWith("/part-00-00000.csv.gz", manifest.Entries[0].Url);
        Assert.EndsWith("/part-01-00000.csv.gz", manifest.Entries[1].Url);
    }

    [Fact]
    public async Task An_empty_raw_object_is_rejected_whole_as_invalid_json()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync(Partition, 5, "IBM");
        await harness.PutRawAsync(Partition, "EMPTY.json", "");

        var result = await Builder(harness).BuildAsync(DailyPartition.Parse(Partition), "run-e", Ct);

        Assert.Equal((2, 1, 5L), (result.Objects, result.RejectedObjects, result.StagedRows));
        var reject = Assert.Single(result.SampleRejects);
        Assert.Equal($"raw/stock_data/{Partition}/EMPTY.json", reject.ObjectKey);
        Assert.Equal("object rejected: invalid JSON (truncated or corrupt) at line 1, byte 0 of 0", reject.Reason);
    }

    [Fact]
    public async Task The_rejects_file_has_one_json_line_per_reject_and_the_result_groups_their_reasons()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var badDays = Enumerable.Range(1, 24).Select(day => Day($"2026-10-{day:D2}", open: "abc")).Append(Day("2026-11-25"));
        await harness.PutRawAsync(Partition, "ROWS.json", Series("ROWS", badDays));
        await harness.PutRawAsync(Partition, "CUT.json", Series("CUT", [Day("2026-11-25"), Day("2026-11-24")])[..120]);
        await harness.PutRawAsync(Partition, "bad key.json", Series("", [Day("2026-11-25"), Day("2026-11-24")]));

        var result = await Builder(harness).BuildAsync(DailyPartition.Parse(Partition), "run-2", Ct);

        Assert.Equal((3, 2, 1), (result.Objects, result.RejectedObjects, result.UnverifiedObjects));
        Assert.Equal(1, result.StagedRows);
        Assert.Equal(20, result.SampleRejects.Count);
        Assert.Equal(24, result.RejectReasons["\"1. open\" is not a number"]);
        Assert.Equal(4, result.RejectReasons["object rejected"]); // both rows of "bad key", its object line and CUT's
        Assert.Equal(2, result.RejectReasons.Count);

        var lines = (await harness.ReadTextAsync(result.RejectsKey)).Split('\n');
        Assert.Equal("", lines[^1]);
        var rejects = lines[..^1].Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(result.RejectedRows + result.RejectedObjects, rejects.Count);
        Assert.All(rejects, r => Assert.Equal(["key", "price_date", "reason", "text"], r.EnumerateObject().Select(p => p.Name)));

        var keyRejects = rejects.Where(r => r.GetProperty("key").GetString() == $"raw/stock_data/{Partition}/bad key.json").ToList();
        const string reason = "object rejected: the object key does not name a valid symbol (raw/stock_data/YYYY-MM-DD/SYMBOL.json)";
        Assert.Equal(3, keyRejects.Count);
        Assert.All(keyRejects, r => Assert.Equal(reason, r.GetProperty("reason").GetString()));
        Assert.Equal([null, "2026-11-24", "2026-11-25"], keyRejects.Select(r => r.GetProperty("price_date").GetString()).Order());

        var cut = Assert.Single(rejects, r => r.GetProperty("key").GetString()!.EndsWith("CUT.json", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, cut.GetProperty("price_date").ValueKind);
        Assert.StartsWith("object rejected: invalid JSON", cut.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_data_version_follows_the_raw_bytes_of_every_object_and_only_them()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var partition = DailyPartition.Parse(Partition);
        await harness.LandSeriesAsync(Partition, 10, "IBM", "MSFT");
        var first = await Builder(harness).BuildAsync(partition, "run-a", Ct);
        var again = await Builder(harness).BuildAsync(partition, "run-b", Ct);
        await harness.PutRawAsync(Partition, "MSFT.json", Series("MSFT", [Day("2026-11-25", open: "10.5000")]));
        var changed = await Builder(harness).BuildAsync(partition, "run-c", Ct);

        Assert.Equal(first.RawDataVersion, again.RawDataVersion);
        Assert.NotEqual(first.RawDataVersion, changed.RawDataVersion);
    }

    [Fact]
    public async Task A_failed_upload_names_the_staged_file_with_its_rows_and_bytes()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync(Partition, 10, "IBM");

        var error = await Assert.ThrowsAsync<IOException>(() =>
            Builder(harness, s3: FailingStagedUploads.Around(harness.S3)).BuildAsync(DailyPartition.Parse(Partition), "run-d", Ct));

        Assert.Matches(
            $@"^Uploading the staged file s3://{harness.Bucket}/staged/stock_prices/2026-11-25/run-d/part-0\d-00000\.csv\.gz \(10 rows, \d+ bytes\) failed: Unable to write data to the transport connection: Broken pipe\.$",
            error.Message);
    }

    [Fact]
    public async Task Every_page_of_the_raw_listing_is_staged()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var symbols = Enumerable.Range(0, 1_005).Select(i => $"S{i:D4}").ToList();
        await Parallel.ForEachAsync(symbols, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (symbol, _) => await harness.PutRawAsync(Partition, $"{symbol}.json", Series(symbol, [Day("2026-11-25")])));

        var result = await Builder(harness).BuildAsync(DailyPartition.Parse(Partition), "run-3", Ct);

        Assert.Equal((1_005, 1_005L, 1_005L), (result.Objects, result.RawRows, result.StagedRows));
    }
}
