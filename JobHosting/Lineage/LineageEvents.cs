using System.Text.Json.Nodes;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>The START and the COMPLETE or FAIL event of a run: pure functions of the run, its result and the time.</summary>
public static class LineageEvents
{
    public static RunEvent Start(LineageRunSpec run, DateTimeOffset at) => Event(RunEvent.Start, run, at, new LineageResult());

    public static RunEvent End(LineageRunSpec run, LineageResult result, DateTimeOffset at) =>
        Event(result.Error is null ? RunEvent.Complete : RunEvent.Fail, run, at, result);

    private static RunEvent Event(string eventType, LineageRunSpec run, DateTimeOffset at, LineageResult result)
    {
        var runFacets = new JsonObject { ["nominalTime"] = LineageFacets.NominalTime(run.Partition) };
        if (run.Parent is { } parent)
        {
            runFacets["parent"] = LineageFacets.Parent(parent);
        }

        if (result.Error is { } error)
        {
            runFacets["errorMessage"] = LineageFacets.ErrorMessage(error);
        }

        var job = new LineageJob(run.JobNamespace, run.JobName, new JsonObject
        {
            ["jobType"] = LineageFacets.JobType(run.JobType),
            ["documentation"] = LineageFacets.Documentation(run.Description),
        });
        var inputs = run.Inputs.Select(d => new InputDataset(d.Namespace, d.Name, DatasetFacets(d, result),
            result.Assertion is { } a ? new JsonObject { ["dataQualityAssertions"] = LineageFacets.DataQualityAssertion(a.Check, a.Passed, a.Summary) } : null)).ToList();
        var outputs = run.Outputs.Select(d => new OutputDataset(d.Namespace, d.Name, DatasetFacets(d, result),
            result.Written is { } w ? new JsonObject { ["outputStatistics"] = LineageFacets.OutputStatistics(w.Rows, w.Bytes, w.Files) } : null)).ToList();
        return new RunEvent(eventType, at, new LineageRun(run.RunId, runFacets), job, inputs, outputs);
    }

    private static JsonObject? DatasetFacets(DatasetName dataset, LineageResult result)
    {
        var facets = new JsonObject();
        if (result.Versions.TryGetValue(dataset, out var version))
        {
            facets["version"] = LineageFacets.Version(version);
        }

        if (result.Schemas.TryGetValue(dataset, out var columns))
        {
            facets["schema"] = LineageFacets.Schema(columns);
        }

        return facets.Count == 0 ? null : facets;
    }
}
