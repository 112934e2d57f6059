using System.Text.Json.Nodes;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.Orchestration;

namespace MarketAspire.Tests.Lineage;

/// <summary>
/// A full local run (the Orchestrator's backfill of one partition: extractor, warehouse, quality, in process against the
/// simulator, PostgreSQL and the S3 emulator) with its events posted to a loopback receiver standing for Marquez.
/// </summary>
public class LineageEndToEndTests(SharedServers servers)
{
    [Fact]
    public async Task A_full_run_emits_valid_events_that_connect_raw_stock_prices_to_every_check()
    {
        await using var marquez = LineageReceiver.Start();
        await using var stack = await new BackfillTests(servers).StartAsync(symbols: "IBM");
        stack.Settings[SettingKeys.OpenLineageTransport] = "http";
        stack.Settings[SettingKeys.OpenLineageUrl] = marquez.Url;

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-20");

        Assert.True(result.Succeeded, stack.Output.ToString());
        OpenLineageSchemas.AssertValid(marquez.Events);
        var events = marquez.Events.Select(e => JsonNode.Parse(e)!).ToList();

        // One START and one COMPLETE per run, and a run for every asset and every check of the graph.
        var runs = events.GroupBy(e => e["run"]!["runId"]!.GetValue<string>()).ToList();
        Assert.All(runs, r => Assert.Equal(["START", "COMPLETE"], r.Select(e => e["eventType"]!.GetValue<string>())));
        var expectedJobs = MarketAssets.Graph.Assets.Select(LineageRunSpec.JobNameOf).Concat(MarketAssets.Graph.Checks.Select(LineageRunSpec.JobNameOf));
        Assert.Equal(expectedJobs.Order(), runs.Select(r => r.First()["job"]!["name"]!.GetValue<string>()).Order());

        // Every input of a job is the output of another job's event: the graph has no loose end.
        var ends = events.Where(e => e["eventType"]!.GetValue<string>() == "COMPLETE").ToList();
        var produced = ends.SelectMany(e => Datasets(e, "outputs").Select(d => (Dataset: d, Job: Job(e)))).ToList();
        foreach (var end in ends)
        {
            Assert.All(Datasets(end, "inputs"), input => Assert.Contains(produced, p => p.Dataset == input && p.Job != Job(end)));
        }

        // From raw_stock_prices' dataset, following jobs from their inputs to their outputs, every check is reached.
        var raw = new DatasetName("s3://" + stack.Settings[SettingKeys.BucketName], "raw/stock_data");
        var reached = new HashSet<DatasetName> { raw };
        var reachedJobs = new HashSet<string>();
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var end in ends.Where(e => !reachedJobs.Contains(Job(e)) && Datasets(e, "inputs").Any(reached.Contains)))
            {
                reachedJobs.Add(Job(end));
                reached.UnionWith(Datasets(end, "outputs"));
                grown = true;
            }
        }

        Assert.All(MarketAssets.Graph.Checks, c => Assert.Contains(LineageRunSpec.JobNameOf(c), reachedJobs));
        Assert.Contains(new DatasetName(raw.Namespace, "curated/stock_prices"), reached);

        // The facets carry what the records say: rows written, the checks' verdicts, the data versions, the service run as parent.
        var fact = ends.Single(e => Job(e) == "warehouse.fct_stock_prices");
        Assert.True(fact["outputs"]![0]!["outputFacets"]!["outputStatistics"]!["rowCount"]!.GetValue<long>() > 0);
        Assert.NotNull(fact["outputs"]![0]!["facets"]!["schema"]);
        Assert.NotNull(fact["outputs"]![0]!["facets"]!["version"]);
        var completeness = ends.Single(e => Job(e) == "quality.fct_stock_prices.completeness");
        var assertion = completeness["inputs"]![0]!["inputFacets"]!["dataQualityAssertions"]!["assertions"]![0]!;
        Assert.Equal(("completeness", true, "error"), (assertion["assertion"]!.GetValue<string>(), assertion["success"]!.GetValue<bool>(), assertion["severity"]!.GetValue<string>()));
        Assert.Equal(fact["outputs"]![0]!["facets"]!["version"]!["datasetVersion"]!.GetValue<string>(),
            completeness["inputs"]![0]!["facets"]!["version"]!["datasetVersion"]!.GetValue<string>());
        Assert.Equal(3, events.Select(e => e["run"]!["facets"]!["parent"]!["run"]!["runId"]!.GetValue<string>()).Distinct().Count()); // one run per service
        var backfill = (await stack.Meta.RecentRunsAsync(100, TestContext.Current.CancellationToken)).Single(r => r.Job == "backfill");
        Assert.All(events, e => Assert.Equal(("backfill", backfill.RunId),
            (e["run"]!["facets"]!["parent"]!["root"]!["job"]!["name"]!.GetValue<string>(), e["run"]!["facets"]!["parent"]!["root"]!["run"]!["runId"]!.GetValue<string>())));
    }

    private static string Job(JsonNode e) => e["job"]!["name"]!.GetValue<string>();

    private static IEnumerable<DatasetName> Datasets(JsonNode e, string side) =>
        e[side]!.AsArray().Select(d => new DatasetName(d!["namespace"]!.GetValue<string>(), d["name"]!.GetValue<string>()));
}
