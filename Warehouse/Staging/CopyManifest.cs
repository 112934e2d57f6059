using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketAspire.Warehouse.Staging;

/// <summary>A Redshift COPY manifest: the exact files to load, each mandatory.</summary>
public sealed record CopyManifest([property: JsonPropertyName("entries")] IReadOnlyList<ManifestEntry> Entries)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static CopyManifest Parse(ReadOnlySpan<byte> json, string source) =>
        JsonSerializer.Deserialize<CopyManifest>(json, Json) is { Entries: not null } manifest
            ? manifest
            : throw new InvalidDataException($"{source} is not a COPY manifest (no \"entries\").");
}

public sealed record ManifestEntry(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("mandatory")] bool Mandatory,
    [property: JsonPropertyName("meta")] ManifestMeta Meta);

public sealed record ManifestMeta([property: JsonPropertyName("content_length")] long ContentLength, [property: JsonPropertyName("record_count")] long RecordCount);
