using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Catalog.Data;

/// <summary>One materialization of an asset, with the metadata its job recorded.</summary>
public sealed record MaterializationRow(
    string RunId, DailyPartition Partition, string Status, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    string? DataVersion, string CodeVersion, JsonElement Metadata, string? Error);

/// <summary>One evaluation of a check, with the offending rows and figures it recorded.</summary>
public sealed record EvaluationRow(
    string RunId, DailyPartition Partition, string Asset, string Severity, bool Passed, JsonElement Metadata, DateTimeOffset EvaluatedAt)
{
    public string? Summary => Metadata.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    /// <summary>The offending rows the check recorded (at most its sample size).</summary>
    public IReadOnlyList<string> Offending => OffendingOf(Metadata);

    /// <summary>The offending rows an evaluation's metadata lists.</summary>
    public static IReadOnlyList<string> OffendingOf(JsonElement metadata) => metadata.TryGetProperty("offending", out var o) && o.ValueKind == JsonValueKind.Array
        ? o.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList()
        : [];
}

/// <summary>One bar of a symbol's series: the close as traded and adjusted.</summary>
public sealed record PricePoint(DateOnly Date, decimal? Close, decimal? SplitAdjustedClose, decimal? TotalReturnClose, bool Provisional);

/// <summary>A check that failed on a partition (its latest evaluation), for the price chart's markers.</summary>
public sealed record FailedCheck(DailyPartition Partition, string Check, string Severity, IReadOnlyList<string> Offending);

/// <summary>One version of a security: as a list showed it, and the landing dates over which it held (until exclusive).</summary>
public sealed record SecurityRow(
    string Symbol, string Name, string Exchange, string AssetType, DateOnly? IpoDate, DateOnly? DelistingDate, string Status, DateOnly? ValidFrom = null, DateOnly? ValidUntil = null);

/// <summary>One verdict of the freshness sensor: an asset's partition as the sensor judged it at <paramref name="EvaluatedAt"/>.</summary>
public sealed record SensorVerdict(DateTimeOffset EvaluatedAt, string Asset, DateOnly Partition, string Freshness, DateTimeOffset? OverdueSince);

/// <summary>An alert the sensor has opened and not cleared.</summary>
public sealed record OpenAlert(string Key, string Kind, string Severity, string Summary, DateTimeOffset OpenedAt);
