using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;

namespace MarketAspire.Extractor;

public enum SymbolStatus
{
    Landed,
    Unchanged,
    Failed,

    /// <summary>Not requested: the run stopped first (daily quota spent, invalid key, cancelled).</summary>
    Remaining,
}

/// <param name="Version">The landed object's data version (<see cref="RawObjectVersion"/>).</param>
/// <param name="SplitLikeGap">The latest day the landed series moved like a split (<see cref="SplitLikeGaps"/>).</param>
public sealed record SymbolResult(
    string Symbol, SymbolStatus Status, string? Key = null, long Bytes = 0, string? Sha256 = null, int Days = 0, string? Reason = null, string? Version = null,
    DateOnly? SplitLikeGap = null);

/// <summary>The outcome of extracting one partition: one result per symbol, and why the run stopped early, if it did.</summary>
public sealed record ExtractionResult(DailyPartition Partition, IReadOnlyList<SymbolResult> Symbols, string? StopReason)
{
    public bool Succeeded => Symbols.All(s => s.Status is SymbolStatus.Landed or SymbolStatus.Unchanged);

    public IEnumerable<SymbolResult> Failed => Symbols.Where(s => s.Status == SymbolStatus.Failed);

    public IEnumerable<SymbolResult> Remaining => Symbols.Where(s => s.Status == SymbolStatus.Remaining);

    /// <summary>A hash of what the partition now holds (symbol and content hash of each landed object).</summary>
    public string DataVersion => DataVersions.Of(Symbols.Where(s => s.Version is not null).Select(s => (s.Symbol, s.Version!)));

    public string Summary()
    {
        var parts = new List<string>
        {
            $"{Symbols.Count(s => s.Status == SymbolStatus.Landed)} landed",
            $"{Symbols.Count(s => s.Status == SymbolStatus.Unchanged)} unchanged",
        };
        if (Failed.Any())
        {
            parts.Add($"{Failed.Count()} failed ({string.Join("; ", Failed.Select(f => $"{f.Symbol}: {f.Reason}"))})");
        }

        if (Remaining.Any())
        {
            parts.Add($"{Remaining.Count()} remaining ({string.Join(", ", Remaining.Select(r => r.Symbol))}) because {StopReason}");
        }

        return string.Join(", ", parts);
    }
}
