using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// Writes staged rows as gzip CSV files of at most <c>rowsPerFile</c> rows into a local folder, in the column
/// order of <c>stg_stock_prices</c>. Each finished file is handed to <c>onFileCompleted</c> (which uploads it).
/// </summary>
public sealed class StagedFileWriter(
    string directory,
    string filePrefix,
    int rowsPerFile,
    string partitionKey,
    string runId,
    Func<StagedFile, Task> onFileCompleted) : IAsyncDisposable
{
    private readonly char[] _line = new char[1024];
    private int _lineLength;
    private StreamWriter? _writer;
    private string? _path;
    private long _rowsInFile;
    private int _fileCount;

    public static readonly string[] Columns =
        ["partition_date", "symbol", "price_date", "open", "high", "low", "close", "volume", "source_key", "source_version", "run_id", "provisional"];

    public long Rows { get; private set; }

    /// <summary>Writes an object's rows; the one dated <paramref name="dayInProgress"/> (fetched before its close) is marked provisional.</summary>
    public async Task WriteAsync(IReadOnlyList<PriceRow> rows, string sourceKey, string sourceVersion, DateOnly? dayInProgress = null)
    {
        foreach (var row in rows)
        {
            if (_writer is null)
            {
                _path = Path.Combine(directory, $"{filePrefix}-{_fileCount++:D5}.csv.gz");
                var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                _writer = new StreamWriter(new GZipStream(file, CompressionLevel.Fastest), new UTF8Encoding(false), 1 << 16);
            }

            // Keys and symbols are validated upstream (no commas or quotes); values are invariant-culture numbers.
            // A synchronous write into the buffered writer: an await per row costs more than the row.
            FormatRow(row, sourceKey, sourceVersion, row.PriceDate == dayInProgress ? 't' : 'f');
            _writer.Write(_line, 0, _lineLength);
            _rowsInFile++;
            Rows++;
            if (_rowsInFile >= rowsPerFile)
            {
                await CompleteFileAsync();
            }
        }
    }

    private void FormatRow(PriceRow row, string sourceKey, string sourceVersion, char provisional)
    {
        var span = _line.AsSpan();
        if (!span.TryWrite(CultureInfo.InvariantCulture,
                $"{partitionKey},{row.Symbol},{row.PriceDate:yyyy-MM-dd},{row.Open},{row.High},{row.Low},{row.Close},{row.Volume},{sourceKey},{sourceVersion},{runId},{provisional}\n",
                out _lineLength))
        {
            throw new InvalidOperationException($"A staged row of {sourceKey} is longer than {_line.Length} characters.");
        }
    }

    /// <summary>Closes the current file, if any, and hands it on.</summary>
    public async Task FlushAsync()
    {
        if (_writer is not null)
        {
            await CompleteFileAsync();
        }
    }

    private async Task CompleteFileAsync()
    {
        await _writer!.DisposeAsync();
        _writer = null;
        var file = new StagedFile(_path!, new FileInfo(_path!).Length, _rowsInFile);
        _rowsInFile = 0;
        await onFileCompleted(file);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
    }
}

public sealed record StagedFile(string LocalPath, long Bytes, long Rows);
