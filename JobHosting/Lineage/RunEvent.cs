using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// An OpenLineage RunEvent (spec 2-0-2): one START and one COMPLETE or FAIL per run. Facets are JSON objects built by
/// <see cref="LineageFacets"/>, each naming its schema.
/// </summary>
public sealed record RunEvent(
    string EventType,
    DateTimeOffset EventTime,
    LineageRun Run,
    LineageJob Job,
    IReadOnlyList<InputDataset> Inputs,
    IReadOnlyList<OutputDataset> Outputs)
{
    public const string Start = "START";
    public const string Complete = "COMPLETE";
    public const string Fail = "FAIL";

    public const string SchemaUrlOfRunEvent = LineageFacets.CoreSchema + "#/$defs/RunEvent";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Producer => LineageFacets.Producer;

    [JsonPropertyName("schemaURL")]
    public string SchemaUrl => SchemaUrlOfRunEvent;

    /// <summary>The event as one line of JSON (what the transports send).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record LineageRun(Guid RunId, JsonObject Facets);

public sealed record LineageJob(string Namespace, string Name, JsonObject Facets);

public sealed record InputDataset(string Namespace, string Name, JsonObject? Facets = null, JsonObject? InputFacets = null);

public sealed record OutputDataset(string Namespace, string Name, JsonObject? Facets = null, JsonObject? OutputFacets = null);
