using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Deploy;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.Deployment.LocalAws;

namespace MarketAspire.Tests.Deployment;

/// <summary>The CDK stack, synthesized offline, and its CloudFormation template asserted.</summary>
public class StackTemplateTests
{
    private static readonly string Scratch = Path.Combine(Path.GetTempPath(), "marketaspire-cdk");

    static StackTemplateTests()
    {
        Directory.CreateDirectory(Scratch);
    }

    // The jsii runtime behind the CDK is one Node process per test process and is not safe for concurrent use: test
    // classes that synthesize (this one, the local AWS run) take turns.
    internal static readonly Lock JsiiLock = new();

    /// <summary>The zones `cdk deploy` looks up for the account in us-east-1 (six), as the CLI caches them in cdk.context.json.</summary>
    internal static readonly string[] RegionZones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

    /// <summary>Synthesizes as `cdk deploy` does: for an account, with the availability-zone lookup's context filled in.</summary>
    internal static JsonElement Synthesize(AssetGraphDefinition graph, DeploymentSettings? settings = null, string[]? zones = null)
    {
        lock (JsiiLock)
        {
            return SynthesizeUnlocked(graph, settings, SynthesizedStack.Account, zones ?? RegionZones);
        }
    }

    private static string ZonesContextKey(string account) => $"availability-zones:account={account}:region={SynthesizedStack.Region}";

    private static JsonElement SynthesizeUnlocked(AssetGraphDefinition graph, DeploymentSettings? settings, string? account, string[]? zones)
    {
        var assets = Path.Combine(Scratch, "assets");
        foreach (var project in MarketAspire.JobHosting.Jobs.DeployedFunctions.Projects(graph))
        {
            Directory.CreateDirectory(Path.Combine(assets, project));
            File.WriteAllText(Path.Combine(assets, project, "bootstrap"), "#!/bin/sh\n");
        }

        var context = new Dictionary<string, object>();
        if (account is not null && zones is not null)
        {
            context[ZonesContextKey(account)] = zones;
        }

        var app = new App(new AppProps { Outdir = Path.Combine(Scratch, Guid.NewGuid().ToString("N")), Context = context });
        var stack = new MarketAspireStack(app, "MarketAspire", graph, (settings ?? new DeploymentSettings()) with { LambdaAssetRoot = assets },
            new StackProps { Env = new Amazon.CDK.Environment { Region = SynthesizedStack.Region, Account = account } });
        var json = JsonSerializer.Serialize(Template.FromStack(stack).ToJSON());
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    internal static readonly Lazy<JsonElement> Default = new(() => Synthesize(MarketAssets.Graph));

    private static IEnumerable<JsonElement> Resources(JsonElement template, string type) =>
        template.GetProperty("Resources").EnumerateObject().Select(p => p.Value).Where(r => r.GetProperty("Type").GetString() == type);

    private static string StateMachineText(JsonElement template) =>
        string.Concat(Resources(template, "AWS::StepFunctions::StateMachine").Single()
            .GetProperty("Properties").GetProperty("DefinitionString").GetProperty("Fn::Join")[1].EnumerateArray()
            .Select(part => part.ValueKind == JsonValueKind.String ? part.GetString() : "<ref>"));

    [Fact]
    public void The_bucket_is_encrypted_private_versioned_tls_only_and_expires_staged_files()
    {
        var bucket = Resources(Default.Value, "AWS::S3::Bucket").Single().GetProperty("Properties");
        Assert.Equal($"marketaspire-lake-{SynthesizedStack.Account}-{SynthesizedStack.Region}", bucket.GetProperty("BucketName").GetString());
        Assert.Equal("AES256", bucket.GetProperty("BucketEncryption").GetProperty("ServerSideEncryptionConfiguration")[0].GetProperty("ServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
        var block = bucket.GetProperty("PublicAccessBlockConfiguration");
        Assert.All(new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" }, k => Assert.True(block.GetProperty(k).GetBoolean()));
        Assert.Equal("Enabled", bucket.GetProperty("VersioningConfiguration").GetProperty("Status").GetString());
        var staged = bucket.GetProperty("LifecycleConfiguration").GetProperty("Rules").EnumerateArray().Single(r => r.GetProperty("Prefix").GetString() == "staged/" && r.TryGetProperty("ExpirationInDays", out _));
        Assert.Equal(14, staged.GetProperty("ExpirationInDays").GetInt32());

        var policy = Resources(Default.Value, "AWS::S3::BucketPolicy").Single().GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement")[0];
        Assert.Equal("Deny", policy.GetProperty("Effect").GetString());
        Assert.Equal("false", policy.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
    }

    [Fact]
    public void The_generic_local_bucket_name_is_refused_at_synthesis_in_one_line()
    {
        MarketAspire.JobHosting.Configuration.ConfigurationException error;
        lock (JsiiLock)
        {
            error = Assert.Throws<MarketAspire.JobHosting.Configuration.ConfigurationException>(() =>
                SynthesizeUnlocked(MarketAssets.Graph, new DeploymentSettings { BucketName = "market-data-lake" }, SynthesizedStack.Account, RegionZones));
        }

        Assert.StartsWith("Context 'bucketName' (S3_BUCKET_NAME) is 'market-data-lake', the local stack's generic name", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_named_bucket_keeps_its_name()
    {
        var template = Synthesize(MarketAssets.Graph, new DeploymentSettings { BucketName = "acme-market-lake-prod" });
        Assert.Equal("acme-market-lake-prod", Resources(template, "AWS::S3::Bucket").Single().GetProperty("Properties").GetProperty("BucketName").GetString());
    }

    [Fact]
    public void Old_versions_and_expired_delete_markers_do_not_pile_up_in_the_versioned_bucket()
    {
        var rules = Resources(Default.Value, "AWS::S3::Bucket").Single().GetProperty("Properties").GetProperty("LifecycleConfiguration").GetProperty("Rules")
            .EnumerateArray().ToList();
        foreach (var prefix in new[] { "raw/", "staged/", "curated/" })
        {
            var mine = rules.Where(r => r.GetProperty("Prefix").GetString() == prefix).ToList();
            Assert.Contains(mine, r => r.TryGetProperty("NoncurrentVersionExpiration", out _));
            Assert.Contains(mine, r => r.TryGetProperty("ExpiredObjectDeleteMarker", out var marker) && marker.GetBoolean());
        }
    }

    [Theory]
    [InlineData(WarehouseKind.Serverless, "AWS::RedshiftServerless::Namespace", "Retain")]
    [InlineData(WarehouseKind.Provisioned, "AWS::Redshift::Cluster", "Snapshot")]
    public void Destroying_or_replacing_the_warehouse_keeps_its_data(WarehouseKind kind, string type, string policy)
    {
        var template = kind == WarehouseKind.Serverless ? Default.Value : Synthesize(MarketAssets.Graph, new DeploymentSettings { Warehouse = kind });
        var warehouse = Resources(template, type).Single();

        Assert.Equal(policy, warehouse.GetProperty("DeletionPolicy").GetString());
        Assert.Equal(policy, warehouse.GetProperty("UpdateReplacePolicy").GetString());
        if (kind == WarehouseKind.Serverless)
        {
            Assert.Equal("marketaspire-final", warehouse.GetProperty("Properties").GetProperty("FinalSnapshotName").GetString());
        }
    }

    [Fact]
    public void Every_service_of_the_graph_and_the_sensor_is_a_function_on_the_custom_runtime_with_log_retention()
    {
        var functions = Resources(Default.Value, "AWS::Lambda::Function").Select(f => f.GetProperty("Properties")).ToList();
        Assert.Equal(MarketAssets.Graph.ServicesInOrder.Count + 1, functions.Count);
        Assert.All(functions, f => Assert.Equal("provided.al2023", f.GetProperty("Runtime").GetString()));
        Assert.All(functions, f => Assert.True(f.TryGetProperty("Layers", out _), "the Parameters and Secrets extension layer"));
        Assert.All(Resources(Default.Value, "AWS::Logs::LogGroup"), g => Assert.Equal(30, g.GetProperty("Properties").GetProperty("RetentionInDays").GetInt32()));
        var warehouse = functions.Single(f => f.GetProperty("Description").GetString()!.StartsWith("MarketAspire warehouse", StringComparison.Ordinal));
        Assert.Equal(900, warehouse.GetProperty("Timeout").GetInt32());
        var env = warehouse.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("redshift", env.GetProperty("WAREHOUSE_DIALECT").GetString());
        Assert.True(env.TryGetProperty("REDSHIFT_IAM_ROLE_ARN", out _));
        Assert.True(env.TryGetProperty("REDSHIFT_PASSWORD_SECRET_ARN", out _));
        Assert.All(functions, f => Assert.Equal("aws", f.GetProperty("Environment").GetProperty("Variables").GetProperty("MARKET_DEPLOYMENT").GetString()));
        Assert.False(env.TryGetProperty("REDSHIFT_PASSWORD", out _));
    }

    [Fact]
    public void Lineage_is_off_unless_the_context_names_a_transport_then_every_function_sends_its_events_there()
    {
        var withLineage = Synthesize(MarketAssets.Graph, new DeploymentSettings { OpenLineageTransport = "file" });

        Assert.All(Resources(Default.Value, "AWS::Lambda::Function"),
            f => Assert.False(f.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables").TryGetProperty(SettingKeys.OpenLineageTransport, out _)));
        // The services' functions: the sensor materializes nothing and emits no lineage.
        var functions = Resources(withLineage, "AWS::Lambda::Function")
            .Where(f => !f.GetProperty("Properties").GetProperty("Description").GetString()!.StartsWith("MarketAspire sensor:", StringComparison.Ordinal)).ToList();
        Assert.Equal(MarketAssets.Graph.ServicesInOrder.Count, functions.Count);
        Assert.All(functions, f => Assert.Equal("file",
            f.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables").GetProperty(SettingKeys.OpenLineageTransport).GetString()));
    }

    [Fact]
    public void No_secret_value_is_in_the_template()
    {
        var text = Default.Value.GetRawText();
        Assert.DoesNotContain("marketaspire-local", text);
        Assert.DoesNotContain("\"MARKET_API_KEY\"", text);
        var ns = Resources(Default.Value, "AWS::RedshiftServerless::Namespace").Single().GetProperty("Properties");
        Assert.Contains("{{resolve:secretsmanager:", ns.GetProperty("AdminUserPassword").GetRawText());
        var generated = Resources(Default.Value, "AWS::SecretsManager::Secret").Where(s => s.GetProperty("Properties").TryGetProperty("GenerateSecretString", out _)).ToList();
        Assert.Equal(4, generated.Count); // the admin's, the two service users' and the sensor's passwords
        Assert.All(generated, s => Assert.False(s.GetProperty("Properties").TryGetProperty("SecretString", out _)));
    }

    [Fact]
    public void The_api_key_secret_starts_as_not_set_and_functions_read_secrets_uncached()
    {
        var key = Resources(Default.Value, "AWS::SecretsManager::Secret").Select(s => s.GetProperty("Properties"))
            .Single(p => p.GetProperty("Description").GetString()!.StartsWith("Alpha Vantage API key", StringComparison.Ordinal));
        Assert.Equal(MarketAspire.JobHosting.Configuration.SecretsExtension.NotSet, key.GetProperty("SecretString").GetString());
        Assert.All(Resources(Default.Value, "AWS::Lambda::Function"), f =>
            Assert.Equal("false", f.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables").GetProperty("PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED").GetString()));
    }

    [Fact]
    public void Policies_name_exact_actions_and_no_wildcard_resource()
    {
        foreach (var policy in Resources(Default.Value, "AWS::IAM::Policy"))
        {
            foreach (var statement in policy.GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            {
                var actions = statement.GetProperty("Action");
                var list = actions.ValueKind == JsonValueKind.Array ? actions.EnumerateArray().Select(a => a.GetString()!).ToList() : [actions.GetString()!];
                Assert.All(list, a => Assert.DoesNotContain("*", a));
                var resource = statement.GetProperty("Resource");
                Assert.False(resource.ValueKind == JsonValueKind.String && resource.GetString() == "*", $"wildcard resource for {string.Join(",", list)}");
            }
        }
    }

    [Fact]
    public void The_copy_role_reads_only_the_staged_prefix_and_writes_only_the_curated_one()
    {
        var text = Resources(Default.Value, "AWS::IAM::Policy")
            .Select(p => p.GetProperty("Properties"))
            .Single(p => p.GetProperty("PolicyName").GetString()!.StartsWith("WarehouseCopyRole", StringComparison.Ordinal))
            .GetProperty("PolicyDocument").GetRawText();
        Assert.Contains("/staged/*", text);
        Assert.Contains("\"s3:prefix\":[\"staged/*\",\"curated/*\"]", text.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("raw/", text);
        using var policy = JsonDocument.Parse(text);
        var writes = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .Single(s => s.GetProperty("Action").ValueKind == JsonValueKind.Array && s.GetProperty("Action").EnumerateArray().Any(a => a.GetString() == "s3:PutObject"));
        Assert.Equal(["s3:PutObject", "s3:DeleteObject"], writes.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("/curated/*", writes.GetProperty("Resource").GetRawText());
    }

    [Fact]
    public void The_state_machine_migrates_and_resolves_the_partition_first_then_runs_each_service_once_in_graph_order()
    {
        var definition = StateMachineText(Default.Value);
        var prepare = definition.IndexOf("\"prepare\"", StringComparison.Ordinal);
        var positions = MarketAssets.Graph.ServicesInOrder.Select(s => definition.IndexOf($"\"{s.Name}\":{{", StringComparison.Ordinal)).ToList();
        Assert.True(prepare >= 0);
        Assert.All(positions, p => Assert.True(p > prepare));
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain("\"Type\":\"Map\"", definition); // one extractor invocation per partition: one rate limiter, one record
        Assert.Contains("\"command\":\"migrate\"", definition);
        Assert.Contains("\"startedAt.$\":\"$$.Execution.StartTime\"", definition);
        Assert.Contains("\"partition.$\":\"$.resolved.partition\"", definition);
        Assert.Contains("\"BackoffRate\":2", definition);
    }

    /// <summary>The availability zone of each subnet the Redshift Serverless workgroup is placed in.</summary>
    private static List<string> WorkgroupZones(JsonElement template)
    {
        var subnets = Resources(template, "AWS::RedshiftServerless::Workgroup").Single().GetProperty("Properties").GetProperty("SubnetIds")
            .EnumerateArray().Select(s => s.GetProperty("Ref").GetString()!).ToList();
        return subnets.Select(id => template.GetProperty("Resources").GetProperty(id).GetProperty("Properties").GetProperty("AvailabilityZone").GetString()!).ToList();
    }

    [Fact]
    public void The_serverless_workgroup_gets_three_subnets_in_three_availability_zones_of_the_accounts_lookup()
    {
        var zones = WorkgroupZones(Default.Value);

        Assert.Equal(3, zones.Count);
        Assert.Equal(3, zones.Distinct().Count());
        Assert.All(zones, z => Assert.Contains(z, RegionZones));
        Assert.DoesNotContain("Fn::GetAZs", Default.Value.GetRawText()); // the zones `cdk deploy` resolves, not the account-less two
    }

    [Fact]
    public void Pinned_availability_zones_place_the_workgroup_in_exactly_those()
    {
        var template = Synthesize(MarketAssets.Graph, new DeploymentSettings { AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1d"] });

        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1d"], WorkgroupZones(template).Order());
    }

    [Fact]
    public void Pinned_availability_zones_come_from_context_as_a_list()
    {
        lock (JsiiLock)
        {
            var app = new App(new AppProps { Outdir = Path.Combine(Scratch, Guid.NewGuid().ToString("N")), Context = new Dictionary<string, object> { ["availabilityZones"] = "us-east-1a, us-east-1b,us-east-1d" } });
            Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1d"], DeploymentSettings.From(app).AvailabilityZones);
        }
    }

    [Theory]
    [InlineData(null, "2 availability zones resolved")] // no account: the CDK falls back to two Fn::GetAZs picks
    [InlineData(SynthesizedStack.Account, "2 availability zones resolved")] // an account in a region (or context) with two
    public void Synthesis_with_fewer_than_three_availability_zones_fails_in_one_line(string? account, string expected)
    {
        MarketAspire.JobHosting.Configuration.ConfigurationException error;
        lock (JsiiLock)
        {
            error = Assert.Throws<MarketAspire.JobHosting.Configuration.ConfigurationException>(() =>
                SynthesizeUnlocked(MarketAssets.Graph, null, account, account is null ? null : ["us-east-1a", "us-east-1b"]));
        }

        Assert.Contains(expected, error.Message);
        Assert.Contains("Redshift Serverless needs subnets in 3", error.Message);
        Assert.Contains("availabilityZones", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Synthesis_without_published_bundles_says_in_one_line_what_to_run()
    {
        MarketAspire.JobHosting.Configuration.ConfigurationException error;
        lock (JsiiLock)
        {
            var app = new App(new AppProps { Outdir = Directory.CreateTempSubdirectory("cdk-").FullName });
            error = Assert.Throws<MarketAspire.JobHosting.Configuration.ConfigurationException>(() =>
                new MarketAspireStack(app, "MarketAspire", MarketAssets.Graph, new DeploymentSettings { LambdaAssetRoot = "/nonexistent/lambda", AvailabilityZones = RegionZones[..3] }));
        }

        Assert.StartsWith("No Lambda bundle at /nonexistent/lambda/Extractor: run scripts/publish-lambdas.sh first", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_warehouse_function_knows_whether_it_talks_to_Redshift_Serverless()
    {
        Assert.Contains("\"REDSHIFT_SERVERLESS\":\"true\"", Default.Value.GetRawText().Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void The_schedule_runs_after_the_close_on_weekdays_in_New_York()
    {
        var schedule = Resources(Default.Value, "AWS::Scheduler::Schedule").Select(s => s.GetProperty("Properties"))
            .Single(s => s.GetProperty("Target").GetProperty("Arn").TryGetProperty("Ref", out _)); // the state machine's
        Assert.Equal("cron(30 17 ? * MON-FRI *)", schedule.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("America/New_York", schedule.GetProperty("ScheduleExpressionTimezone").GetString());
        Assert.Contains("\"partition\":\"today\"", schedule.GetProperty("Target").GetProperty("Input").GetString());
        Assert.Equal(2 + 2, Resources(Default.Value, "AWS::CloudWatch::Alarm").Count()); // the pipeline's two, the sensor's own two (SensorTemplateTests)
    }

    [Fact]
    public void A_graph_with_one_more_asset_changes_the_state_machine_without_touching_the_deployment_code()
    {
        var template = Synthesize(Infrastructure.OneMoreAsset.Graph);
        var definition = StateMachineText(template);

        Assert.Contains("\"analytics\"", definition);
        Assert.True(definition.IndexOf("\"warehouse\"", StringComparison.Ordinal) < definition.IndexOf("\"analytics\"", StringComparison.Ordinal));
        Assert.Equal(5, Resources(template, "AWS::Lambda::Function").Count()); // four services and the sensor
    }

    [Fact]
    public void A_provisioned_cluster_replaces_serverless_on_request()
    {
        var template = Synthesize(MarketAssets.Graph, new DeploymentSettings { Warehouse = WarehouseKind.Provisioned });
        Assert.Single(Resources(template, "AWS::Redshift::Cluster"));
        Assert.Empty(Resources(template, "AWS::RedshiftServerless::Workgroup"));
    }
}
