using System.Text.Json;

namespace MarketAspire.Catalog.Data;

/// <summary>One metadata entry as a page shows it: its text, and a link when it names a file the catalog serves.</summary>
public sealed record MetadataEntry(string Key, string Text, string? Link);

public static class MetadataEntries
{
    public const int ShortLength = 240;

    /// <summary>The entries of a materialization's or evaluation's metadata, in their recorded order.</summary>
    public static IReadOnlyList<MetadataEntry> Of(JsonElement metadata) =>
        metadata.ValueKind != JsonValueKind.Object
            ? []
            : metadata.EnumerateObject().Select(p => new MetadataEntry(p.Name, Text(p.Value), LinkOf(p.Value))).ToList();

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "—",
        _ => value.GetRawText(),
    };

    private static string? LinkOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && RejectsFiles.IsRejectsFile(value.GetString()!) ? "/lake/" + value.GetString() : null;
}
