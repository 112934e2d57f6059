using System.IO.Compression;
using System.Text;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Warehousing;

/// <summary>The staged files as COPY reads them: gzip CSV in the table's column order, split at the row limit.</summary>
public sealed class StagedFileWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("staged-writer-").FullName;
    private readonly List<StagedFile> _completed = [];

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private StagedFileWriter Writer(int rowsPerFile) =>
        new(_directory, "w1", rowsPerFile, "2026-11-25", "run-7", file =>
        {
            _completed.Add(file);
            return Task.CompletedTask;
        });

    private static PriceRow Row(int day, decimal close = 101.5m) =>
        new("IBM", new DateOnly(2026, 11, day), 100.25m, 102m, 99.0001m, close, 1_234_567);

    private static string[] Lines(StagedFile file)
    {
        using var gzip = new GZipStream(File.OpenRead(file.LocalPath), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Rows_are_written_in_the_staging_tables_column_order_with_invariant_numbers()
    {
        await using (var writer = Writer(rowsPerFile: 10))
        {
            await writer.WriteAsync([Row(24), Row(25, close: 98m)], "raw/stock_data/2026-11-25/IBM.json", "v-abc", dayInProgress: new DateOnly(2026, 11, 25));
            await writer.FlushAsync();
        }

        var file = Assert.Single(_completed);
        Assert.Equal(
        [
            "2026-11-25,IBM,2026-11-24,100.25,102,99.0001,101.5,1234567,raw/stock_data/2026-11-25/IBM.json,v-abc,run-7,f",
            "2026-11-25,IBM,2026-11-25,100.25,102,99.0001,98,1234567,raw/stock_data/2026-11-25/IBM.json,v-abc,run-7,t",
        ], Lines(file));
        Assert.Equal(2, file.Rows);
        Assert.Equal(new FileInfo(file.LocalPath).Length, file.Bytes);
        Assert.Equal(
            ["partition_date", "symbol", "price_date", "open", "high", "low", "close", "volume", "source_key", "source_version", "run_id", "provisional"],
            StagedFileWriter.Columns);
    }

    [Fact]
    public async Task A_file_is_completed_at_the_row_limit_and_the_rest_starts_the_next_one()
    {
        await using var writer = Writer(rowsPerFile: 2);

        await writer.WriteAsync([Row(20), Row(21), Row(23)], "k", "v");
        Assert.Single(_completed); // the first file closed at its second row; the third row waits in the next file
        await writer.WriteAsync([Row(24)], "k", "v");
        Assert.Equal(2, _completed.Count);
        await writer.WriteAsync([Row(25)], "k", "v");
        await writer.FlushAsync();

        Assert.Equal([2L, 2L, 1L], _completed.Select(f => f.Rows));
        Assert.Equal(["w1-00000.csv.gz", "w1-00001.csv.gz", "w1-00002.csv.gz"], _completed.Select(f => Path.GetFileName(f.LocalPath)));
        Assert.Equal(5, writer.Rows);
        Assert.Equal(["2026-11-25,IBM,2026-11-25,100.25,102,99.0001,101.5,1234567,k,v,run-7,f"], Lines(_completed[2]));
    }

    [Fact]
    public async Task Flushing_with_nothing_written_hands_on_no_file()
    {
        await using var writer = Writer(rowsPerFile: 2);
        await writer.WriteAsync([Row(20), Row(21)], "k", "v");
        await writer.FlushAsync();
        await writer.FlushAsync();

        Assert.Single(_completed);
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_row_too_long_for_the_line_buffer_names_its_source()
    {
        await using var writer = Writer(rowsPerFile: 2);
        var key = "raw/stock_data/2026-11-25/" + new string('K', 1100) + ".json";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync([Row(20)], key, "v"));

        Assert.Equal($"A staged row of {key} is longer than 1024 characters.", error.Message);
    }

    [Fact]
    public void The_manifest_lists_each_file_as_mandatory_with_its_length_and_rows()
    {
        var manifest = new CopyManifest([new ManifestEntry("s3://lake/staged/a.csv.gz", true, new ManifestMeta(1234, 56))]);

        var json = Encoding.UTF8.GetString(manifest.ToJson());

        Assert.Equal(
            """{"entries":[{"url":"s3://lake/staged/a.csv.gz","mandatory":true,"meta":{"content_length":1234,"record_count":56}}]}""",
            System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString());
        Assert.Contains("\n", json); // indented: readable in the console
        Assert.Equal(manifest.Entries, CopyManifest.Parse(manifest.ToJson(), "m").Entries);
    }

    [Fact]
    public void A_manifest_without_entries_is_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => CopyManifest.Parse("{}"u8, "s3://lake/staged/x/manifest.json"));

        Assert.Equal("s3://lake/staged/x/manifest.json is not a COPY manifest (no \"entries\").", error.Message);
    }
}
