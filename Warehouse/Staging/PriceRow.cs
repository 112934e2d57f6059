namespace MarketAspire.Warehouse.Staging;

/// <summary>One validated row: a symbol's prices on one trading day.</summary>
public readonly record struct PriceRow(string Symbol, DateOnly PriceDate, decimal Open, decimal High, decimal Low, decimal Close, long Volume);

/// <summary>A row (or, with no date, a whole object) that cannot be loaded, with the reason and the offending text.</summary>
public sealed record RejectedRow(string ObjectKey, string? PriceDate, string Reason, string? Text);
