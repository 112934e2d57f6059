using System.Text.Json.Nodes;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// The OpenLineage facets the events carry, each a JSON object naming the schema it follows (<c>_schemaURL</c>: the
/// <c>$id</c> of a schema vendored in <c>spec/openlineage/</c> and its definition) and its producer.
/// </summary>
public static class LineageFacets
{
    /// <summary>Who produced the events (a URI, as the spec asks; this pipeline has no public address).</summary>
    public const string Producer = "urn:marketaspire:lineage";

    public const string CoreSchema = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

    private const string Facets = "https://openlineage.io/spec/facets/";

    public static JsonObject Schema(IEnumerable<LineageColumn> columns) => Facet("1-2-0/SchemaDatasetFacet", new JsonObject
    {
        ["fields"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["type"] = c.Type,
            ["ordinal_position"] = c.Position,
        })]),
    });

    /// <summary>What a materialization wrote; a figure it does not know is left out.</summary>
    public static JsonObject OutputStatistics(long? rows, long? bytes, long? files)
    {
        var fields = new JsonObject();
        if (rows is { } r)
        {
            fields["rowCount"] = r;
        }

        if (bytes is { } b)
        {
            fields["size"] = b;
        }

        if (files is { } f)
        {
            fields["fileCount"] = f;
        }

        return Facet("1-0-2/OutputStatisticsOutputDatasetFacet", fields);
    }

    /// <summary>One assertion: the check, its verdict and its severity as the facet spells them (<c>error</c>, <c>warn</c>).</summary>
    public static JsonObject DataQualityAssertion(AssetCheckDefinition check, bool passed, string summary) =>
        Facet("1-1-0/DataQualityAssertionsDatasetFacet", new JsonObject
        {
            ["assertions"] = new JsonArray(new JsonObject
            {
                ["assertion"] = check.Name,
                ["success"] = passed,
                ["severity"] = check.Severity == CheckSeverity.Error ? "error" : "warn",
                ["name"] = check.Name,
                ["description"] = check.Description,
                ["actual"] = summary,
            }),
        });

    /// <summary>The partition's trading session in New York: the latest trading day on or before the landing date, open to close.</summary>
    public static JsonObject NominalTime(DailyPartition partition)
    {
        var day = partition.LatestTradingDay;
        return Facet("1-0-1/NominalTimeRunFacet", new JsonObject
        {
            ["nominalStartTime"] = InNewYork(day, MarketSession.Open),
            ["nominalEndTime"] = InNewYork(day, MarketSession.Close),
        });
    }

    public static JsonObject ErrorMessage(string message) => Facet("1-0-1/ErrorMessageRunFacet", new JsonObject
    {
        ["message"] = message,
        ["programmingLanguage"] = "C#",
    });

    /// <summary>The run this one belongs to (a service's run of a partition) and, when there is one, the run at the root (the Step Functions execution).</summary>
    public static JsonObject Parent(LineageParent parent)
    {
        var fields = new JsonObject
        {
            ["run"] = new JsonObject { ["runId"] = parent.RunId.ToString() },
            ["job"] = new JsonObject { ["namespace"] = parent.Namespace, ["name"] = parent.Name },
        };
        if (parent.Root is { } root)
        {
            fields["root"] = new JsonObject
            {
                ["run"] = new JsonObject { ["runId"] = root.RunId.ToString() },
                ["job"] = new JsonObject { ["namespace"] = root.Namespace, ["name"] = root.Name },
            };
        }

        return Facet("1-2-0/ParentRunFacet", fields);
    }

    /// <summary>A dataset's data version (the asset's, as <c>market_meta.materializations</c> records it).</summary>
    public static JsonObject Version(string dataVersion) =>
        Facet("1-0-1/DatasetVersionDatasetFacet", new JsonObject { ["datasetVersion"] = dataVersion });

    /// <param name="jobType">ASSET for a materialization, ASSET_CHECK for a check's evaluation.</param>
    public static JsonObject JobType(string jobType) => Facet("2-0-4/JobTypeJobFacet", new JsonObject
    {
        ["processingType"] = "BATCH",
        ["integration"] = "MARKETASPIRE",
        ["jobType"] = jobType,
    });

    public static JsonObject Documentation(string description) =>
        Facet("1-1-0/DocumentationJobFacet", new JsonObject { ["description"] = description });

    private static JsonObject Facet(string versionAndName, JsonObject fields)
    {
        var name = versionAndName[(versionAndName.IndexOf('/') + 1)..];
        fields["_producer"] = Producer;
        fields["_schemaURL"] = $"{Facets}{versionAndName}.json#/$defs/{name}";
        return fields;
    }

    private static string InNewYork(DateOnly day, TimeOnly time) =>
        new DateTimeOffset(day.ToDateTime(time), DailyPartition.MarketTimeZone.GetUtcOffset(day.ToDateTime(time))).ToUniversalTime().ToString("O");
}

/// <summary>A column of a dataset's schema facet.</summary>
public sealed record LineageColumn(string Name, string Type, int Position);

/// <summary>A parent run (a service's run of a partition) and the root above it, if any (the Step Functions execution).</summary>
public sealed record LineageParent(string Namespace, string Name, Guid RunId, LineageParent? Root = null);
