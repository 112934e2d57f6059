namespace MarketAspire.Warehouse.Staging;

/// <summary>What one raw object yielded. Every date entry it held is in <see cref="Rows"/> or <see cref="RejectedRows"/>.</summary>
public sealed class ParsedObject(string key, string symbol, string sha256, long bytes)
{
    public string Key { get; } = key;
    public string Symbol { get; } = symbol;
    public string Sha256 { get; } = sha256;
    public long Bytes { get; } = bytes;
    /// <summary>The valid rows, oldest first.</summary>
    public List<PriceRow> Rows { get; } = [];
    public List<RejectedRow> RejectedRows { get; } = [];

    /// <summary>Why the object as a whole was rejected (an error body, truncated JSON), or null.</summary>
    public string? ObjectError { get; set; }

    public int RawRows => Rows.Count + RejectedRows.Count;
}
