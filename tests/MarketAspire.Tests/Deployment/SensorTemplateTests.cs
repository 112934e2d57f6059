using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Deploy;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Tests.Deployment;

/// <summary>The freshness sensor in the synthesized stack: its function, its own database user, its schedule, its topic.</summary>
public class SensorTemplateTests
{
    private static IEnumerable<JsonProperty> Resources(JsonElement template, string type) =>
        template.GetProperty("Resources").EnumerateObject().Where(r => r.Value.GetProperty("Type").GetString() == type);

    private static JsonProperty SensorFunction(JsonElement template) => Resources(template, "AWS::Lambda::Function")
        .Single(f => f.Value.GetProperty("Properties").GetProperty("Description").GetString()!.StartsWith("MarketAspire sensor:", StringComparison.Ordinal));

    private static string RefOf(JsonElement value) => value.GetProperty("Ref").GetString()!;

    [Fact]
    public void The_sensor_logs_in_as_its_own_user_and_publishes_to_the_stacks_alerts_topic_and_nothing_else()
    {
        var template = StackTemplateTests.Default.Value;
        var function = SensorFunction(template).Value.GetProperty("Properties");
        var env = function.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("provided.al2023", function.GetProperty("Runtime").GetString());
        Assert.Equal("marketaspire_sensor", env.GetProperty("REDSHIFT_USER").GetString());
        Assert.Equal("aws", env.GetProperty("MARKET_DEPLOYMENT").GetString());
        Assert.False(env.TryGetProperty("REDSHIFT_PASSWORD", out _));
        Assert.False(env.TryGetProperty("MARKET_API_KEY_SECRET_ARN", out _));
        Assert.False(env.TryGetProperty("S3_BUCKET_NAME", out _));
        var secret = RefOf(env.GetProperty("REDSHIFT_PASSWORD_SECRET_ARN"));
        Assert.Contains("marketaspire_sensor", template.GetProperty("Resources").GetProperty(secret).GetProperty("Properties")
            .GetProperty("GenerateSecretString").GetProperty("SecretStringTemplate").GetString());
        var topic = RefOf(env.GetProperty("ALERT_SNS_TOPIC_ARN"));
        Assert.Equal("AWS::SNS::Topic", template.GetProperty("Resources").GetProperty(topic).GetProperty("Type").GetString());

        // The owner's migrate command creates the user: it reads the same password.
        var warehouse = Resources(template, "AWS::Lambda::Function").Single(f =>
            f.Value.GetProperty("Properties").GetProperty("Description").GetString()!.StartsWith("MarketAspire warehouse:", StringComparison.Ordinal));
        Assert.Equal(secret, RefOf(warehouse.Value.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables").GetProperty("MARKET_DB_PASSWORD_SENSOR_SECRET_ARN")));

        // Its role: read its password, publish to its topic; no S3, no API key.
        var role = function.GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
        var statements = Resources(template, "AWS::IAM::Policy").Select(p => p.Value.GetProperty("Properties"))
            .Where(p => p.GetProperty("Roles").EnumerateArray().Any(r => RefOf(r) == role))
            .SelectMany(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()).ToList();
        var actions = statements.SelectMany(s => s.GetProperty("Action") is var a && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(x => x.GetString()!) : [a.GetString()!]);
        Assert.Equal(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "sns:Publish"], actions.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(topic, RefOf(statements.Single(s => s.GetProperty("Action").ValueKind == JsonValueKind.String && s.GetProperty("Action").GetString() == "sns:Publish").GetProperty("Resource")));
    }

    [Fact]
    public void The_sensor_is_invoked_every_15_minutes_on_weekday_evenings_in_New_York_from_the_pipelines_schedule_past_the_last_deadline()
    {
        var template = StackTemplateTests.Default.Value;
        var sensor = SensorFunction(template).Name;
        var schedule = Resources(template, "AWS::Scheduler::Schedule").Select(s => s.Value.GetProperty("Properties"))
            .Single(s => s.GetProperty("Target").GetProperty("Arn").TryGetProperty("Fn::GetAtt", out var at) && at[0].GetString() == sensor);

        // The pipeline starts at 17:30 and fct_stock_prices is ERROR after 20:00: 17:00 to 21:45, every quarter hour.
        Assert.Equal("cron(0/15 17-21 ? * MON-FRI *)", schedule.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("America/New_York", schedule.GetProperty("ScheduleExpressionTimezone").GetString());
        Assert.Equal(0, schedule.GetProperty("Target").GetProperty("RetryPolicy").GetProperty("MaximumRetryAttempts").GetInt32());
        var role = schedule.GetProperty("Target").GetProperty("RoleArn").GetProperty("Fn::GetAtt")[0].GetString()!;
        var statement = Resources(template, "AWS::IAM::Policy").Select(p => p.Value.GetProperty("Properties"))
            .Single(p => p.GetProperty("Roles").EnumerateArray().Any(r => RefOf(r) == role))
            .GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().Single();
        Assert.Equal("lambda:InvokeFunction", statement.GetProperty("Action").GetString());
        Assert.Equal(sensor, statement.GetProperty("Resource").GetProperty("Fn::GetAtt")[0].GetString());
    }

    [Fact]
    public void An_alert_email_given_by_context_subscribes_to_the_alerts_and_the_alarms_and_none_is_made_without_it()
    {
        Assert.Empty(Resources(StackTemplateTests.Default.Value, "AWS::SNS::Subscription"));

        var template = StackTemplateTests.Synthesize(MarketAssets.Graph, new DeploymentSettings { AlertEmail = "oncall@example.com" });
        var subscriptions = Resources(template, "AWS::SNS::Subscription").Select(s => s.Value.GetProperty("Properties")).ToList();
        Assert.Equal(2, subscriptions.Count);
        Assert.All(subscriptions, s => Assert.Equal(("email", "oncall@example.com"), (s.GetProperty("Protocol").GetString(), s.GetProperty("Endpoint").GetString())));
        Assert.Equal(
            Resources(template, "AWS::SNS::Topic").Select(t => t.Name).Order(StringComparer.Ordinal),
            subscriptions.Select(s => RefOf(s.GetProperty("TopicArn"))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_sensors_own_failures_and_its_silence_alarm_and_clear_on_the_alerts_topic()
    {
        var template = StackTemplateTests.Default.Value;
        var sensor = SensorFunction(template);
        var topic = RefOf(sensor.Value.GetProperty("Properties").GetProperty("Environment").GetProperty("Variables").GetProperty("ALERT_SNS_TOPIC_ARN"));
        var alarms = Resources(template, "AWS::CloudWatch::Alarm").Select(a => a.Value.GetProperty("Properties"))
            .Where(a => a.GetProperty("Dimensions").EnumerateArray().Any(d => d.GetProperty("Name").GetString() == "FunctionName" && RefOf(d.GetProperty("Value")) == sensor.Name))
            .ToList();
        Assert.All(alarms, a =>
        {
            Assert.Equal(("AWS/Lambda", "Sum", 1.0), (a.GetProperty("Namespace").GetString(), a.GetProperty("Statistic").GetString(), a.GetProperty("Threshold").GetDouble()));
            Assert.Equal(topic, RefOf(a.GetProperty("AlarmActions").EnumerateArray().Single()));
            Assert.Equal(topic, RefOf(a.GetProperty("OKActions").EnumerateArray().Single()));
        });

        var failed = Assert.Single(alarms, a => a.GetProperty("MetricName").GetString() == "Errors");
        Assert.Equal(("GreaterThanOrEqualToThreshold", "notBreaching", 1), (failed.GetProperty("ComparisonOperator").GetString(), failed.GetProperty("TreatMissingData").GetString(), failed.GetProperty("EvaluationPeriods").GetInt32()));

        // Friday's last evaluation is at 21:45 and Monday's first at 17:00, New York time: the hours 22:00 Friday to
        // 16:00 Monday (67, 68 on a fall-back weekend) have no invocation. Silence for 69 hours is not a weekend.
        var silent = Assert.Single(alarms, a => a.GetProperty("MetricName").GetString() == "Invocations");
        Assert.Equal(("LessThanThreshold", "breaching"), (silent.GetProperty("ComparisonOperator").GetString(), silent.GetProperty("TreatMissingData").GetString()));
        Assert.Equal((3600, 69, 69), (silent.GetProperty("Period").GetInt32(), silent.GetProperty("EvaluationPeriods").GetInt32(), silent.GetProperty("DatapointsToAlarm").GetInt32()));
        Assert.True(3600 * 69 <= 7 * 24 * 3600, "CloudWatch evaluates an alarm over at most seven days");
    }

    [Fact]
    public void Secrets_given_by_ARN_reach_only_the_functions_that_read_them_and_a_value_given_by_mistake_is_never_echoed()
    {
        const string webhook = "arn:aws:secretsmanager:us-east-1:123456789012:secret:marketaspire/alert-webhook-AbCdEf";
        const string lineage = "arn:aws:secretsmanager:us-east-1:123456789012:secret:marketaspire/openlineage-key-GhIjKl";
        var template = StackTemplateTests.Synthesize(MarketAssets.Graph,
            new DeploymentSettings { AlertWebhookSecretArn = webhook, AlertWebhookFormat = "slack", OpenLineageApiKeySecretArn = lineage });

        var functions = Resources(template, "AWS::Lambda::Function").ToDictionary(f => f.Name, f => f.Value.GetProperty("Properties"));
        var sensor = SensorFunction(template).Name;
        string? Variable(string function, string key) =>
            functions[function].GetProperty("Environment").GetProperty("Variables").TryGetProperty(key, out var v) ? v.GetString() : null;
        Assert.Equal((webhook, "slack", null), (Variable(sensor, "ALERT_WEBHOOK_URL_SECRET_ARN"), Variable(sensor, "ALERT_WEBHOOK_FORMAT"), Variable(sensor, "MARKET_OPENLINEAGE_API_KEY_SECRET_ARN")));
        var services = functions.Keys.Where(f => f != sensor).ToList();
        Assert.Equal(MarketAssets.Graph.Services.Count, services.Count);
        Assert.All(services, f => Assert.Equal((lineage, null), (Variable(f, "MARKET_OPENLINEAGE_API_KEY_SECRET_ARN"), Variable(f, "ALERT_WEBHOOK_URL_SECRET_ARN"))));

        // Which roles may read each secret: the sensor's alone the webhook's URL, the services' alone the lineage key.
        var readers = (string arn) => Resources(template, "AWS::IAM::Policy").Select(p => p.Value.GetProperty("Properties"))
            .Where(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
                .Any(st => st.GetProperty("Resource").ValueKind == JsonValueKind.String && st.GetProperty("Resource").GetString() == arn
                    && st.GetProperty("Action").EnumerateArray().Any(a => a.GetString() == "secretsmanager:GetSecretValue")))
            .SelectMany(p => p.GetProperty("Roles").EnumerateArray().Select(RefOf)).Order(StringComparer.Ordinal).ToList();
        var roleOf = (string function) => functions[function].GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
        Assert.Equal([roleOf(sensor)], readers(webhook));
        Assert.Equal(services.Select(roleOf).Order(StringComparer.Ordinal), readers(lineage));

        // The URL given where the ARN belongs: the message names the context key, never the value.
        const string url = "https://hooks.slack.com/services/T0SECRET/B0SECRET/xoxb-do-not-echo";
        ConfigurationException refused;
        lock (StackTemplateTests.JsiiLock)
        {
            var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object> { ["alertWebhookSecretArn"] = url } });
            refused = Assert.Throws<ConfigurationException>(() => DeploymentSettings.From(app));
        }

        Assert.Contains("Context 'alertWebhookSecretArn' (ALERT_WEBHOOK_URL_SECRET_ARN) must be a secret's complete ARN", refused.Message);
        Assert.DoesNotContain("xoxb", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lineage_url_carrying_a_credential_is_refused_since_the_template_would_hold_it_in_plain_text()
    {
        foreach (var url in new[] { "https://openmetadata.example/api/v1/lineage?token=tok-do-not-echo", "https://user:tok-do-not-echo@marquez.example/api/v1/lineage" })
        {
            ConfigurationException refused;
            lock (StackTemplateTests.JsiiLock)
            {
                var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object> { ["openLineageUrl"] = url } });
                refused = Assert.Throws<ConfigurationException>(() => DeploymentSettings.From(app));
            }

            Assert.Contains("Context 'openLineageUrl' (MARKET_OPENLINEAGE_URL) must be an absolute URL without a query or a user part", refused.Message);
            Assert.DoesNotContain("tok-do-not-echo", refused.Message, StringComparison.Ordinal);
        }

        lock (StackTemplateTests.JsiiLock)
        {
            var plain = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object> { ["openLineageUrl"] = "http://marquez.internal:5000/api/v1/lineage" } });
            Assert.Equal("http://marquez.internal:5000/api/v1/lineage", DeploymentSettings.From(plain).OpenLineageUrl);
        }
    }
}
