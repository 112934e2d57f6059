using System.Collections.Concurrent;

namespace MarketAspire.Warehouse.Staging;

/// <summary>What the staging workers found, added up across them: counts, rejects, raw versions and the files written.</summary>
internal sealed class StagingTally
{
    private long _rawRows, _stagedRows, _rejectedRows, _bytesRead, _bytesWritten, _provisionalRows;
    private int _rejectedObjects, _unverifiedObjects;

    public ConcurrentBag<ManifestEntry> Files { get; } = [];
    public ConcurrentQueue<RejectedRow> Rejects { get; } = new();
    public ConcurrentBag<(string Symbol, string Sha)> Versions { get; } = [];

    public long RawRows => Interlocked.Read(ref _rawRows);
    public long StagedRows => Interlocked.Read(ref _stagedRows);
    public long RejectedRows => Interlocked.Read(ref _rejectedRows);
    public long BytesRead => Interlocked.Read(ref _bytesRead);
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);
    public long ProvisionalRows => Interlocked.Read(ref _provisionalRows);
    public int RejectedObjects => Volatile.Read(ref _rejectedObjects);
    public int UnverifiedObjects => Volatile.Read(ref _unverifiedObjects);

    /// <param name="counted">The object's entries counted apart from the parser, or null when its bytes are not JSON (then
    /// the parser's count stands and the object is reported as unverified).</param>
    public void AddObject(ParsedObject parsed, int? counted, int provisionalRows, string versionLabel, string version)
    {
        foreach (var reject in parsed.RejectedRows)
        {
            Rejects.Enqueue(reject);
        }

        if (parsed.ObjectError is not null)
        {
            Interlocked.Increment(ref _rejectedObjects);
            Rejects.Enqueue(new RejectedRow(parsed.Key, null, $"object rejected: {parsed.ObjectError}", null));
        }

        if (counted is null)
        {
            Interlocked.Increment(ref _unverifiedObjects);
        }

        Interlocked.Add(ref _rawRows, counted ?? parsed.RawRows);
        Interlocked.Add(ref _stagedRows, parsed.Rows.Count);
        Interlocked.Add(ref _rejectedRows, parsed.RejectedRows.Count);
        Interlocked.Add(ref _bytesRead, parsed.Bytes);
        Interlocked.Add(ref _provisionalRows, provisionalRows);
        Versions.Add((versionLabel, version));
    }

    public void AddFile(ManifestEntry file)
    {
        Files.Add(file);
        Interlocked.Add(ref _bytesWritten, file.Meta.ContentLength);
    }
}
