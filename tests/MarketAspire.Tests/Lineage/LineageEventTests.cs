using System.Text.Json.Nodes;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Lineage;

namespace MarketAspire.Tests.Lineage;

/// <summary>The events' content, worked by hand from the OpenLineage naming rules and checked against the official schemas.</summary>
public class LineageEventTests
{
    private static readonly LineageStores Local = new("market-data-lake", "us-east-1", "127.0.0.1", 5439, "dev", WarehouseDialect.Postgres);
    private static readonly DailyPartition Friday = DailyPartition.Parse("2026-11-20");
    private static readonly LineageParent Parent = new("marketaspire", "warehouse", Guid.Parse("019ae0c4-7d1e-7c3a-9a55-3f1f2b9c0d11"));

    // https://openlineage.io/docs/spec/naming: S3 s3://{bucket} + key; PostgreSQL postgres://{host}:{port} +
    // {database}.{schema}.{table}; Redshift redshift://{cluster_identifier}.{region}:{port} + {database}.{schema}.{table}.
    [Theory]
    [InlineData("raw_stock_prices", "s3://market-data-lake", "raw/stock_data")]
    [InlineData("raw_corporate_actions", "s3://market-data-lake", "raw/corporate_actions")]
    [InlineData("staged_stock_prices", "s3://market-data-lake", "staged/stock_prices")]
    [InlineData("curated_stock_prices", "s3://market-data-lake", "curated/stock_prices")]
    [InlineData("stg_stock_prices", "postgres://127.0.0.1:5439", "dev.market_data.stg_stock_prices")]
    [InlineData("fct_stock_prices", "postgres://127.0.0.1:5439", "dev.market_data.fct_stock_prices")]
    [InlineData("fct_splits", "postgres://127.0.0.1:5439", "dev.market_data.fct_splits")]
    [InlineData("fct_dividends", "postgres://127.0.0.1:5439", "dev.market_data.fct_dividends")]
    public void Local_datasets_follow_the_S3_and_PostgreSQL_naming_rules(string asset, string expectedNamespace, string expectedName) =>
        Assert.Equal(new DatasetName(expectedNamespace, expectedName), LineageDatasets.Of(MarketAssets.Graph[new AssetKey(asset)], Local, "marketaspire"));

    [Theory]
    [InlineData("marketaspire.123456789012.us-east-1.redshift-serverless.amazonaws.com", "redshift://marketaspire.us-east-1:5439")]
    [InlineData("examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com", "redshift://examplecluster.us-west-2:5439")]
    [InlineData("10.0.3.17", "redshift://10.0.3.17.eu-west-1:5439")]
    public void Redshift_tables_are_named_by_cluster_identifier_and_region(string host, string expectedNamespace)
    {
        var stores = new LineageStores("lake-123", "eu-west-1", host, 5439, "dev", WarehouseDialect.Redshift);

        Assert.Equal(new DatasetName(expectedNamespace, "dev.market_data.fct_stock_prices"),
            LineageDatasets.Of(MarketAssets.Graph[MarketAssets.FctStockPrices], stores, "marketaspire"));
    }

    [Fact]
    public void An_asset_without_a_location_is_a_dataset_of_the_pipelines_namespace() =>
        Assert.Equal(new DatasetName("ns", "weekly"), LineageDatasets.Of(new AssetDefinition(new AssetKey("weekly"), [], "warehouse", ""), Local, "ns"));

    [Fact]
    public void A_materialization_is_a_START_and_a_COMPLETE_of_one_run_that_validate_against_the_schemas()
    {
        var run = LineageRunSpec.Materialization(MarketAssets.Graph, MarketAssets.Graph[MarketAssets.StgStockPrices], Local, "marketaspire", Friday, Parent);
        var staged = new DatasetName("s3://market-data-lake", "staged/stock_prices");
        var stg = new DatasetName("postgres://127.0.0.1:5439", "dev.market_data.stg_stock_prices");
        var start = LineageEvents.Start(run, DateTimeOffset.Parse("2026-11-20T22:00:00Z"));
        var complete = LineageEvents.End(run, new LineageResult
        {
            Versions = new Dictionary<DatasetName, string> { [staged] = "in-v", [stg] = "out-v" },
            Written = new WrittenStatistics(Rows: 1234, Files: 3),
            Schemas = new Dictionary<DatasetName, IReadOnlyList<LineageColumn>> { [stg] = [new("symbol", "character varying", 1), new("close", "numeric", 2)] },
        }, DateTimeOffset.Parse("2026-11-20T22:00:05Z"));

        OpenLineageSchemas.AssertValid([start.ToJson(), complete.ToJson()]);
        var (s, c) = (JsonNode.Parse(start.ToJson())!, JsonNode.Parse(complete.ToJson())!);
        Assert.Equal(("START", "COMPLETE"), (s["eventType"]!.GetValue<string>(), c["eventType"]!.GetValue<string>()));
        Assert.Equal(s["run"]!["runId"]!.GetValue<string>(), c["run"]!["runId"]!.GetValue<string>());
        Assert.Equal(("marketaspire", "warehouse.stg_stock_prices"), (c["job"]!["namespace"]!.GetValue<string>(), c["job"]!["name"]!.GetValue<string>()));
        Assert.Equal("staged/stock_prices", c["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("in-v", c["inputs"]![0]!["facets"]!["version"]!["datasetVersion"]!.GetValue<string>());
        var output = c["outputs"]![0]!;
        Assert.Equal("out-v", output["facets"]!["version"]!["datasetVersion"]!.GetValue<string>());
        Assert.Equal("close", output["facets"]!["schema"]!["fields"]![1]!["name"]!.GetValue<string>());
        Assert.Equal("""{"rowCount":1234,"fileCount":3}""", WithoutBase(output["outputFacets"]!["outputStatistics"]!));
        Assert.Equal("warehouse", c["run"]!["facets"]!["parent"]!["job"]!["name"]!.GetValue<string>());
        Assert.Null(c["run"]!["facets"]!["errorMessage"]);
    }

    [Fact]
    public void A_failed_materialization_ends_in_FAIL_with_its_error_message()
    {
        var run = LineageRunSpec.Materialization(MarketAssets.Graph, MarketAssets.Graph[MarketAssets.RawStockPrices], Local, "marketaspire", Friday, null);

        var fail = LineageEvents.End(run, new LineageResult { Error = "IOException: the lake is gone" }, DateTimeOffset.UnixEpoch);

        OpenLineageSchemas.AssertValid([fail.ToJson()]);
        var node = JsonNode.Parse(fail.ToJson())!;
        Assert.Equal("FAIL", node["eventType"]!.GetValue<string>());
        Assert.Equal("IOException: the lake is gone", node["run"]!["facets"]!["errorMessage"]!["message"]!.GetValue<string>());
        Assert.Empty(node["inputs"]!.AsArray());
    }

    [Theory]
    [InlineData("validity", false, "FAIL", "error")]
    [InlineData("validity", true, "COMPLETE", "error")]
    [InlineData("zero_volume", false, "COMPLETE", "warn")]
    public void A_check_evaluation_reads_its_asset_and_asserts_one_verdict_with_its_severity(string checkName, bool passed, string eventType, string severity)
    {
        var check = MarketChecks.All.Single(c => c.Name == checkName);
        var run = LineageRunSpec.Evaluation(MarketAssets.Graph, check, Local, "marketaspire", Friday, Parent);

        var end = LineageEvents.End(run, new LineageResult
        {
            Error = !passed && check.Severity == CheckSeverity.Error ? "validity: 2 bad rows" : null,
            Assertion = new CheckAssertion(check, passed, "2 bad rows"),
        }, DateTimeOffset.UnixEpoch);

        OpenLineageSchemas.AssertValid([end.ToJson()]);
        var node = JsonNode.Parse(end.ToJson())!;
        Assert.Equal(eventType, node["eventType"]!.GetValue<string>());
        Assert.Equal($"quality.fct_stock_prices.{checkName}", node["job"]!["name"]!.GetValue<string>());
        Assert.Equal("dev.market_data.fct_stock_prices", node["inputs"]![0]!["name"]!.GetValue<string>());
        var assertion = Assert.Single(node["inputs"]![0]!["inputFacets"]!["dataQualityAssertions"]!["assertions"]!.AsArray())!;
        Assert.Equal((checkName, passed, severity), (assertion["assertion"]!.GetValue<string>(), assertion["success"]!.GetValue<bool>(), assertion["severity"]!.GetValue<string>()));
        Assert.Empty(node["outputs"]!.AsArray());
    }

    // The session of landing date D is the latest trading day on or before it, 09:30 to 16:00 New York time.
    [Theory]
    [InlineData("2026-11-21", "2026-11-20T14:30:00.0000000+00:00", "2026-11-20T21:00:00.0000000+00:00")] // Saturday: Friday's session, EST
    [InlineData("2026-07-01", "2026-07-01T13:30:00.0000000+00:00", "2026-07-01T20:00:00.0000000+00:00")] // a Wednesday in EDT
    public void Nominal_time_is_the_partitions_trading_session(string partition, string start, string end)
    {
        var facet = LineageFacets.NominalTime(DailyPartition.Parse(partition));

        Assert.Equal((start, end), (facet["nominalStartTime"]!.GetValue<string>(), facet["nominalEndTime"]!.GetValue<string>()));
    }

    [Fact]
    public void The_Step_Functions_execution_a_task_names_is_the_root_run_named_by_its_state_machine()
    {
        var arn = "arn:aws:states:us-east-1:123456789012:execution:marketaspire-daily:0b6c-4e2f";

        var invocation = LambdaEvent.Parse($$"""{"partition":"2026-11-20","execution":"{{arn}}"}""", TimeProvider.System);

        Assert.Equal(new RootRun("marketaspire-daily", arn), invocation.Root);
        Assert.Null(LambdaEvent.Parse("""{"partition":"2026-11-20"}""", TimeProvider.System).Root);
        var run = LineageRunSpec.Materialization(MarketAssets.Graph, MarketAssets.Graph[MarketAssets.RawStockPrices], Local, "marketaspire", Friday,
            Parent with { Root = new LineageParent("marketaspire", invocation.Root!.Job, LineageIds.Of(arn)) });
        var start = LineageEvents.Start(run, DateTimeOffset.UnixEpoch).ToJson();
        OpenLineageSchemas.AssertValid([start]);
        var root = JsonNode.Parse(start)!["run"]!["facets"]!["parent"]!["root"]!;
        Assert.Equal(("marketaspire-daily", LineageIds.Of(arn).ToString()), (root["job"]!["name"]!.GetValue<string>(), root["run"]!["runId"]!.GetValue<string>()));
    }

    [Fact]
    public void Run_ids_stay_UUIDs_and_other_ids_give_the_same_UUID_each_time()
    {
        var v7 = Guid.CreateVersion7();

        Assert.Equal(v7, LineageIds.Of(v7.ToString()));
        Assert.Equal(LineageIds.Of("backfill-7"), LineageIds.Of("backfill-7"));
        Assert.NotEqual(LineageIds.Of("backfill-7"), LineageIds.Of("backfill-8"));
        Assert.Equal(8, LineageIds.Of("backfill-7").Version);
    }

    [Fact]
    public void Every_asset_and_check_of_the_graph_has_its_own_job_name()
    {
        var names = MarketAssets.Graph.Assets.Select(LineageRunSpec.JobNameOf).Concat(MarketAssets.Graph.Checks.Select(LineageRunSpec.JobNameOf)).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("extractor.raw_stock_prices", names);
        Assert.Contains("quality.fct_stock_prices.freshness", names);
    }

    // The oracle must be able to say no.
    [Theory]
    [InlineData("run.runId", "\"not-a-uuid\"")]
    [InlineData("eventType", "\"FINISHED\"")]
    [InlineData("run.facets.errorMessage", "{\"_producer\":\"urn:x\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet\",\"message\":\"m\"}")]
    [InlineData("run.facets.custom", "{\"_producer\":\"urn:x\",\"_schemaURL\":\"https://example.com/Custom.json#/$defs/X\"}")]
    [InlineData("run.facets.nominalTime", "{\"_producer\":\"urn:x\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet\",\"nominalStartTime\":\"yesterday\"}")]
    public void The_schemas_reject_a_broken_event(string path, string value)
    {
        var run = LineageRunSpec.Materialization(MarketAssets.Graph, MarketAssets.Graph[MarketAssets.RawStockPrices], Local, "marketaspire", Friday, Parent);
        var node = JsonNode.Parse(LineageEvents.Start(run, DateTimeOffset.UnixEpoch).ToJson())!;
        var parts = path.Split('.');
        var owner = parts[..^1].Aggregate(node, (n, p) => n[p]!);
        owner[parts[^1]] = JsonNode.Parse(value);

        Assert.NotEmpty(OpenLineageSchemas.Problems(node.ToJsonString()));
    }

    private static string WithoutBase(JsonNode facet)
    {
        var copy = facet.DeepClone().AsObject();
        copy.Remove("_producer");
        copy.Remove("_schemaURL");
        return copy.ToJsonString();
    }
}
