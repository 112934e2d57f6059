namespace MarketAspire.JobHosting.Listings;

/// <summary>One LISTING_STATUS row as the vendor states it (<c>null</c> dates as null); the unit of a dim_securities version.</summary>
public sealed record ListingRow(
    string Symbol, string Name, string Exchange, string AssetType, DateOnly? IpoDate, DateOnly? DelistingDate, string Status)
{
    public const string Active = "Active";
    public const string Delisted = "Delisted";
}

/// <summary>A rejected row (or the whole object, with no line), why, and its text.</summary>
public sealed record ListingReject(string Key, int? Line, string? Symbol, string Reason, string? Text);

/// <summary>What one LISTING_STATUS object yielded: its rows, its rejected rows, or why it was rejected whole.</summary>
public sealed class ParsedListing(string key, string state)
{
    public string Key { get; } = key;

    /// <summary>The list's <c>state</c>: active or delisted.</summary>
    public string State { get; } = state;

    public List<ListingRow> Rows { get; } = [];

    public List<ListingReject> Rejected { get; } = [];

    /// <summary>Why the object as a whole was rejected (empty, an API message, another header), or null.</summary>
    public string? ObjectError { get; set; }

    /// <summary>Every reject, the object's own included, as recorded in the rejects file.</summary>
    public IEnumerable<ListingReject> AllRejects =>
        ObjectError is null ? Rejected : [new ListingReject(Key, null, null, $"object rejected: {ObjectError}", null), .. Rejected];
}
