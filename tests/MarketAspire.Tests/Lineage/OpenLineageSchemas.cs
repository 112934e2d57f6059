using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MarketAspire.Tests.Lineage;

/// <summary>
/// The oracle for every event: the official OpenLineage JSON Schemas vendored in <c>spec/openlineage/</c>, evaluated by
/// JsonSchema.Net. The core schema checks the event; each facet is checked against the schema its <c>_schemaURL</c> names
/// (the core schema lets any object through as a facet). Every schema is registered under its <c>$id</c>, so the facet
/// schemas' references to the core schema resolve locally and nothing is fetched.
/// </summary>
internal static class OpenLineageSchemas
{
    private static readonly Lazy<(JsonSchema Core, Dictionary<string, JsonSchema> Facets)> Loaded = new(Load);

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly string[] FacetHolders = ["facets", "inputFacets", "outputFacets"];

    /// <summary>Every way the event breaks the schemas, or none.</summary>
    public static IReadOnlyList<string> Problems(string eventJson)
    {
        var (core, facets) = Loaded.Value;
        var problems = new List<string>();
        using var document = JsonDocument.Parse(eventJson);
        problems.AddRange(Errors("RunEvent", core, document.RootElement));

        var root = JsonNode.Parse(eventJson)!.AsObject();
        var holders = new List<(string Where, JsonObject Facets)>();
        void Collect(string where, JsonNode? owner)
        {
            foreach (var holder in FacetHolders)
            {
                if (owner?[holder] is JsonObject found)
                {
                    holders.Add(($"{where}.{holder}", found));
                }
            }
        }

        Collect("run", root["run"]);
        Collect("job", root["job"]);
        foreach (var side in new[] { "inputs", "outputs" })
        {
            var i = 0;
            foreach (var dataset in root[side]?.AsArray() ?? [])
            {
                Collect($"{side}[{i++}]", dataset);
            }
        }

        foreach (var (where, holder) in holders)
        {
            foreach (var (name, facet) in holder)
            {
                var url = facet?["_schemaURL"]?.GetValue<string>() ?? "";
                var id = url.Split('#')[0];
                if (!facets.TryGetValue(id, out var schema))
                {
                    problems.Add($"{where}.{name}: its schema {url} is not one of the vendored facet schemas");
                    continue;
                }

                // A facet file describes one property; a facet under another name would pass it vacuously.
                if (!File.ReadAllText(FileOf(id)).Contains($"\"{name}\": {{", StringComparison.Ordinal))
                {
                    problems.Add($"{where}.{name}: {id} defines no facet named '{name}'");
                }

                using var single = JsonDocument.Parse(new JsonObject { [name] = facet!.DeepClone() }.ToJsonString());
                problems.AddRange(Errors($"{where}.{name}", schema, single.RootElement));
            }
        }

        return problems;
    }

    /// <summary>Asserts that every event validates, naming each problem with the event's job and type.</summary>
    public static void AssertValid(IEnumerable<string> events)
    {
        var problems = events.SelectMany(e =>
        {
            var node = JsonNode.Parse(e)!;
            return Problems(e).Select(p => $"{node["job"]?["name"]} {node["eventType"]}: {p}");
        }).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<string> Errors(string what, JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{what} at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}")).ToList();
        return errors.Count > 0 ? errors : [$"{what} does not validate"];
    }

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "OpenLineageSchemas");

    private static readonly Dictionary<string, string> Files = [];

    private static string FileOf(string id) => Files[id];

    private static (JsonSchema, Dictionary<string, JsonSchema>) Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var core = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "OpenLineage.json")), options);
        var facets = new Dictionary<string, JsonSchema>();
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "facets"), "*.json"))
        {
            var text = File.ReadAllText(file);
            var id = JsonNode.Parse(text)!["$id"]!.GetValue<string>();
            facets[id] = JsonSchema.FromText(text, options);
            Files[id] = file;
        }

        return (core, facets);
    }
}
