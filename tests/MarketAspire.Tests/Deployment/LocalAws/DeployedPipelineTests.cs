using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Deploy;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The deployed pipeline, run end to end on this machine: the synthesized template's state machine under a real ASL
/// interpreter, each function as its real binary under the Lambda Runtime API emulator, on a fresh (empty) warehouse,
/// started with the input the schedule sends.
/// </summary>
public class DeployedPipelineTests(SharedServers servers)
{
    private const string Symbols = "IBM,MSFT,AAPL";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly Lazy<SynthesizedStack> Stack = new(() => new SynthesizedStack(
        StackTemplateTests.Synthesize(MarketAssets.Graph, new DeploymentSettings
        {
            Symbols = Symbols, RequestsPerMinute = 600, RequestsPerDay = 100,
            AlertWebhookSecretArn = DeployedHarness.WebhookSecretArn, OpenLineageApiKeySecretArn = DeployedHarness.LineageKeySecretArn,
        })));

    /// <summary>A fresh stack: an empty database (no schema at all), an empty bucket, the simulator as Alpha Vantage.</summary>
    private Task<DeployedHarness> StartAsync(Dictionary<string, string?>? simulatorSettings = null, IReadOnlyDictionary<string, TimeSpan>? timeouts = null) =>
        DeployedHarness.StartAsync(servers, Stack.Value, Ct, simulatorSettings, timeouts);

    private static string Today => DailyPartition.Latest(TimeProvider.System).Key;

    [Fact]
    public async Task A_fresh_stack_succeeds_on_its_first_execution_and_a_second_one_the_same_day_changes_nothing()
    {
        // Lineage to the lake: the functions' roles must allow its writes too (evaluated below with the rest of IAM).
        await using var harness = await DeployedHarness.StartAsync(servers, Stack.Value, Ct,
            settings: new Dictionary<string, string> { [JobHosting.Configuration.SettingKeys.OpenLineageTransport] = "file" });

        var first = await harness.ExecuteScheduledAsync(Ct);

        Assert.True(first.Status == "SUCCEEDED", $"{first.Status} {first.Error}: {first.Cause}\n{first.Log}\n{harness.Run.Output}");
        Assert.Equal(300, await JobHarness.ScalarAsync<long>(harness.Local, $"SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = '{Today}'", Ct));
        var runs = await JobHarness.RunsAsync(harness.Local, Ct);
        Assert.Equal(MarketAssets.Graph.ServicesInOrder.Select(s => s.Name).Order(), runs.Select(r => r.Job).Order());
        Assert.All(runs, r => Assert.Equal((Today, RunStatus.Succeeded), (r.Partitions, r.Status)));
        Assert.All(harness.Run.Functions.Values, f => Assert.Equal(1, f.ColdStarts)); // the warehouse served prepare and its job warm
        Assert.Equal(3 + 6 + 2, harness.Simulator.Counter.Admitted); // one extractor invocation: prices and corporate actions per symbol, both listing lists

        // The extractor and the checks ran as their own users, with nothing but what their statements need.
        Assert.Equal(2, await JobHarness.ScalarAsync<long>(harness.Local, "SELECT count(*) FROM pg_user WHERE usename IN ('marketaspire_extractor', 'marketaspire_quality')", Ct));
        Assert.False(await JobHarness.ScalarAsync<bool>(harness.Local, "SELECT has_table_privilege('marketaspire_extractor', 'market_data.fct_stock_prices', 'SELECT')", Ct));
        Assert.False(await JobHarness.ScalarAsync<bool>(harness.Local, "SELECT has_table_privilege('marketaspire_quality', 'market_data.fct_stock_prices', 'DELETE')", Ct));
        Assert.True(await JobHarness.ScalarAsync<bool>(harness.Local, "SELECT has_table_privilege('marketaspire_quality', 'market_data.fct_stock_prices', 'SELECT')", Ct));
        var before = await FactAsync(harness.Local, Ct);

        var second = await harness.ExecuteScheduledAsync(Ct);

        Assert.True(second.Status == "SUCCEEDED", $"{second.Error}: {second.Cause}");
        Assert.Equal(before, await FactAsync(harness.Local, Ct));
        Assert.Equal(11 + 3, harness.Simulator.Counter.Admitted); // the prices again; the corporate actions are a week from due, the lists landed
        var extraction = await JobHarness.ScalarAsync<string>(harness.Local,
            "SELECT metadata->>'unchanged' FROM market_meta.materializations WHERE asset = 'raw_stock_prices' ORDER BY finished_at DESC LIMIT 1", Ct);
        Assert.Equal("3", extraction);
        await AssertTheRolesAllowWhatTheRunDidAsync(harness);
        await AssertLineageInTheLakeAsync(harness);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"local AWS run: first execution {first.Elapsed.TotalSeconds:0.0} s (3 cold starts), second {second.Elapsed.TotalSeconds:0.0} s (warm); bundles published in {LambdaBundles.LastPublish.TotalSeconds:0} s (0: cached)");
        foreach (var function in harness.Run.Functions.Values)
        {
            foreach (var report in function.Reports)
            {
                output?.WriteLine($"{function.Name} {report}");
            }
        }
    }

    [Fact]
    public async Task Transient_integration_errors_are_retried_and_a_task_rerun_after_a_lost_answer_changes_nothing()
    {
        await using var harness = await StartAsync();
        harness.Run.Inject(MarketAssets.Extractor, new LocalAwsRun.IntegrationFault("Lambda.TooManyRequestsException", AfterInvoke: false), new LocalAwsRun.IntegrationFault("Lambda.ServiceException", AfterInvoke: false));
        harness.Run.Inject(MarketAssets.Warehouse, new LocalAwsRun.IntegrationFault("Lambda.ServiceException", AfterInvoke: true));

        var outcome = await harness.ExecuteScheduledAsync(Ct);

        Assert.True(outcome.Status == "SUCCEEDED", $"{outcome.Status} {outcome.Error}: {outcome.Cause}\n{outcome.Log}\n{harness.Run.Output}");
        var runs = await JobHarness.RunsAsync(harness.Local, Ct);
        Assert.Equal(1, runs.Count(r => r.Job == MarketAssets.Extractor)); // refused invocations never reached the function
        Assert.Equal(3 + 6 + 2, harness.Simulator.Counter.Admitted);
        Assert.Equal(2, runs.Count(r => r.Job == MarketAssets.Warehouse)); // the answer was lost after the run: it ran again
        Assert.All(runs, r => Assert.Equal((Today, RunStatus.Succeeded), (r.Partitions, r.Status)));
        Assert.Equal(300, await JobHarness.ScalarAsync<long>(harness.Local, $"SELECT count(*) FROM market_data.fct_stock_prices WHERE partition_date = '{Today}'", Ct));
    }

    [Fact]
    public async Task A_failing_ERROR_check_fails_the_execution_with_the_checks_message()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Faults:MSFT"] = "negative-price" });

        var outcome = await harness.ExecuteScheduledAsync(Ct);

        Assert.Equal("FAILED", outcome.Status);
        Assert.Equal("JobFailed", outcome.Error);
        Assert.Contains($"quality {Today}: ERROR checks failed on fct_stock_prices {Today}: validity: 1 of 300 rows invalid", outcome.Cause);
        Assert.Contains("first: MSFT", outcome.Cause);
    }

    [Fact]
    public async Task A_function_that_runs_out_of_time_leaves_no_run_running()
    {
        // IBM answers after 30 s; the extractor function has 8 s.
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Faults:IBM"] = "slow" },
            new Dictionary<string, TimeSpan> { [MarketAssets.Extractor] = TimeSpan.FromSeconds(8) });

        var outcome = await harness.ExecuteScheduledAsync(Ct);

        Assert.Equal("FAILED", outcome.Status);
        Assert.Equal("Timeout", outcome.Error);
        Assert.Contains("deadline was reached", outcome.Cause);
        var runs = await JobHarness.RunsAsync(harness.Local, Ct);
        var extractor = Assert.Single(runs, r => r.Job == MarketAssets.Extractor);
        Assert.Equal(RunStatus.Failed, extractor.Status);
        Assert.DoesNotContain(runs, r => r.Status == RunStatus.Running);
    }

    [Fact]
    public async Task A_spent_daily_quota_ends_the_execution_naming_the_remaining_symbols()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["RequestsPerDay"] = "1" });

        var outcome = await harness.ExecuteScheduledAsync(Ct);

        Assert.Equal("FAILED", outcome.Status);
        Assert.Contains("2 remaining (", outcome.Cause);
        Assert.Contains("because the API's daily quota is spent", outcome.Cause);
    }

    [Fact]
    public void The_definition_the_harness_runs_is_the_synthesized_one_and_valid()
    {
        var definition = Stack.Value.StateMachineDefinition;
        Assert.StartsWith("{\"StartAt\":\"running executions\"", definition);
        Assert.Contains(SynthesizedStack.FunctionArn(Stack.Value.Functions.Single(f => f.Service == MarketAssets.Extractor).LogicalId), definition);
        Assert.Contains("\"partition\":\"today\"", Stack.Value.ScheduleInput);
    }

    /// <summary>What the run's roles did, every request allowed by the synthesized policies (the checks specific to a full execution).</summary>
    private async Task AssertTheRolesAllowWhatTheRunDidAsync(DeployedHarness harness)
    {
        var iam = new IamEvaluation(Stack.Value);
        var results = await EvaluateIamAsync(servers, harness, Ct);
        var copyRole = IamEvaluation.RoleArn(iam.CopyRole);
        var role = (string service) => IamEvaluation.RoleArn(iam.RoleOf(Stack.Value.Functions.Single(f => f.Service == service).LogicalId));
        Assert.All(Stack.Value.Functions, f => Assert.Contains(results, r => r.Request.Principal == role(f.Service) && r.Request.Action == "secretsmanager:GetSecretValue"));
        // The lineage endpoint's key: read by every function from the secret the stack was given, and never logged.
        Assert.All(Stack.Value.Functions, f => Assert.Contains(results, r => r.Request.Principal == role(f.Service) && r.Request.Resource == DeployedHarness.LineageKeySecretArn));
        Assert.DoesNotContain(DeployedHarness.LineageKey, harness.Run.Output, StringComparison.Ordinal);
        Assert.Contains(results, r => r.Request.Principal == role(MarketAssets.Extractor) && r.Request.Action == "s3:PutObject");
        Assert.Contains(results, r => r.Request.Principal == role(MarketAssets.Warehouse) && r.Request.Action == "s3:ListBucket");
        Assert.Equal(Stack.Value.Functions.Count, results.Count(r => r.Request.Action == "lambda:InvokeFunction"));
        Assert.Contains(results, r => r.Request.Action == "states:StartExecution");
        Assert.Contains(results, r => r.Request.Action == "states:ListExecutions");
        Assert.Equal(["s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"],
            results.Where(r => r.Request.Principal == copyRole).Select(r => r.Request.Action).Distinct().Order());
    }

    /// <summary>
    /// IAM evaluated, not assumed: every S3 request and secret read of each function (the sensor's too), every invoke of
    /// the state machine and of the sensor's schedule, and every SNS publish, against the synthesized roles' policies
    /// (and the bucket's policy); a request AWS would deny fails.
    /// </summary>
    internal static async Task<IReadOnlyList<IamEvaluation.Result>> EvaluateIamAsync(SharedServers servers, DeployedHarness harness, CancellationToken ct)
    {
        var iam = new IamEvaluation(harness.Run.Stack);
        var bucket = harness.Local[JobHosting.Configuration.SettingKeys.BucketName]!;
        var log = (await servers.S3).RequestLog;
        using var s3 = JobHosting.Lake.LakeClientFactory.Create(JobHosting.Configuration.LakeSettings.From(
            new ConfigurationBuilder().AddInMemoryCollection(harness.Local).Build()));
        var copy = await CopyRoleRequests.OfAsync(iam, IamEvaluation.RoleArn(iam.CopyRole), log, bucket, async key =>
        {
            using var response = await s3.GetObjectAsync(bucket, key, ct);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes, ct);
            return bytes.ToArray();
        });
        var results = await iam.EvaluateAsync([.. IamRequests.Of(harness.Run, iam, log, bucket, harness.Sns), .. copy], ct);

        var refused = results.Where(r => r.Outcome != "Allowed")
            .Select(r => $"{r.Outcome}: {r.Request.Principal} {r.Request.Action} {r.Request.Resource} {string.Join(",", r.Request.Context)} {r.Errors}").ToList();
        Assert.True(refused.Count == 0, $"the deployed roles would refuse:\n{string.Join("\n", refused)}");
        foreach (var group in results.GroupBy(r => (r.Request.Principal.Split('/')[^1], r.Request.Action)))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"IAM allowed {group.Key.Item1} {group.Key.Action}: {string.Join(" ", group.Select(r => r.Request.Resource.Split(':')[^1] + (r.Request.Context.TryGetValue("s3:prefix", out var p) ? $"?prefix={p}" : "")).Take(6))}{(group.Count() > 6 ? $" (+{group.Count() - 6})" : "")}");
        }

        return results;
    }

    /// <summary>Every service wrote its events under lineage/, each valid, each run's root the Step Functions execution.</summary>
    private async Task AssertLineageInTheLakeAsync(DeployedHarness harness)
    {
        var bucket = harness.Local[JobHosting.Configuration.SettingKeys.BucketName]!;
        using var s3 = (await servers.S3).CreateClient();
        var listed = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket, Prefix = MarketAssets.LineagePrefix }, Ct);
        var events = new List<string>();
        foreach (var item in listed.S3Objects ?? [])
        {
            using var response = await s3.GetObjectAsync(bucket, item.Key, Ct);
            using var reader = new StreamReader(response.ResponseStream);
            events.Add((await reader.ReadToEndAsync(Ct)).TrimEnd('\n'));
        }

        Lineage.OpenLineageSchemas.AssertValid(events);
        var nodes = events.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e)!).ToList();
        Assert.Equal(MarketAssets.Graph.ServicesInOrder.Select(s => s.Name).Order(),
            nodes.Select(n => n["job"]!["name"]!.GetValue<string>().Split('.')[0]).Distinct().Order());
        Assert.All(nodes, n => Assert.Equal(PipelineStateMachine.Name, n["run"]!["facets"]!["parent"]!["root"]!["job"]!["name"]!.GetValue<string>()));
    }

    internal static Task<string?> FactAsync(Dictionary<string, string?> local, CancellationToken ct) => JobHarness.ScalarAsync<string>(local,
        "SELECT string_agg(concat_ws('|', symbol, price_date, \"open\", close, volume, partition_date, source_version), ',' ORDER BY symbol, price_date) FROM market_data.fct_stock_prices", ct);
}
