using System.Text.Json;

namespace MarketAspire.JobHosting.Assets;

/// <summary>A typed metadata record as the name/value pairs a materialization records: property names in snake_case.</summary>
public static class AssetMetadata
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Dictionary<string, object?> ToDictionary(object metadata) =>
        JsonSerializer.SerializeToElement(metadata, metadata.GetType(), Json)
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}
