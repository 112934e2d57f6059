using System.Text.Json.Serialization;
using MarketAspire.JobHosting.Lineage;

namespace MarketAspire.Extractor.Assets;

/// <summary>What a raw asset's materialization records: what it asked for, landed, found unchanged, failed, and why it stopped.</summary>
/// <param name="Symbols">Symbols asked for (raw_stock_prices).</param>
/// <param name="Requests">Requests made (raw_corporate_actions: two per symbol due).</param>
public sealed record ExtractionMetadata(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Symbols,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Requests,
    int Landed,
    int Unchanged,
    IReadOnlyList<FailedSymbol> Failed,
    IReadOnlyList<string> Remaining,
    string? StopReason,
    long Bytes,
    IReadOnlyList<RawObject> Objects,
    string OutputSize) : IWrittenStatistics
{
    /// <summary>The objects it landed (an unchanged response is not written again) and their bytes.</summary>
    WrittenStatistics IWrittenStatistics.Written =>
        new(Bytes: Objects.Where(o => !o.Unchanged).Sum(o => o.Bytes), Files: Objects.Count(o => !o.Unchanged));

    public static ExtractionMetadata Of(ExtractionResult result, bool countsRequests, string outputSize) => new(
        countsRequests ? null : result.Symbols.Count,
        countsRequests ? result.Symbols.Count : null,
        result.Symbols.Count(s => s.Status == SymbolStatus.Landed),
        result.Symbols.Count(s => s.Status == SymbolStatus.Unchanged),
        [.. result.Failed.Select(f => new FailedSymbol(f.Symbol, f.Reason))],
        [.. result.Remaining.Select(r => r.Symbol)],
        result.StopReason,
        result.Symbols.Sum(s => s.Bytes),
        [.. result.Symbols.Where(s => s.Key is not null)
            .Select(s => new RawObject(s.Symbol, s.Key!, s.Bytes, s.Sha256, s.Days, s.Status == SymbolStatus.Unchanged))],
        outputSize);
}

/// <summary>A symbol that failed, and why (recorded with the names the catalog and earlier records use).</summary>
public sealed record FailedSymbol([property: JsonPropertyName("Symbol")] string Symbol, [property: JsonPropertyName("Reason")] string? Reason);

/// <summary>A landed (or unchanged) object of the partition.</summary>
public sealed record RawObject(
    [property: JsonPropertyName("Symbol")] string Symbol,
    [property: JsonPropertyName("Key")] string Key,
    [property: JsonPropertyName("Bytes")] long Bytes,
    [property: JsonPropertyName("Sha256")] string? Sha256,
    [property: JsonPropertyName("Days")] int Days,
    bool Unchanged);
