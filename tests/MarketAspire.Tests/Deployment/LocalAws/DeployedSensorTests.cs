using System.Text;
using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The freshness sensor of the deployed shape: its function from the synthesized template (its published bundle, its
/// environment, its own warehouse user and password secret), invoked as its EventBridge schedule invokes it, publishing
/// to the template's alerts topic (SNS is a receiver of the test's), its IAM evaluated with the rest.
/// </summary>
public class DeployedSensorTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_trading_day_that_never_ran_is_published_once_to_the_alerts_topic_and_the_secret_webhook_by_the_scheduled_sensor()
    {
        var stack = DeployedPipelineTests.Stack.Value;
        await using var harness = await DeployedHarness.StartAsync(servers, stack, Ct);
        // The schema and the service users, as the state machine's first task makes them; no execution ever runs.
        var migrate = await harness.Run.Function(MarketAssets.Warehouse).InvokeAsync("""{"command":"migrate"}""", Ct);
        Assert.True(migrate.Succeeded, $"{migrate.ErrorType}: {migrate.ErrorMessage}\n{harness.Run.Output}");

        var first = await harness.Run.InvokeSensorAsScheduledAsync(Ct);
        var publishedByFirst = harness.Sns.Requests.Count;
        var second = await harness.Run.InvokeSensorAsScheduledAsync(Ct);

        Assert.True(first.Succeeded && second.Succeeded, $"{first.ErrorMessage} {second.ErrorMessage}\n{harness.Run.Output}");
        var messages = harness.Sns.Requests.Select(Form).ToList();
        Assert.Equal(publishedByFirst, messages.Count); // the second evaluation saw the same conditions: nothing new to say

        // The trading day before the latest one: its 20:00 New York ERROR deadline has passed whenever this runs.
        var latest = NyseCalendar.LatestTradingDayOnOrBefore(DailyPartition.Latest(TimeProvider.System).Date);
        var missed = new DailyPartition(NyseCalendar.PreviousTradingDay(latest)).Key;
        var topic = SynthesizedStack.TopicArn(stack.Sensor.Environment[SettingKeys.AlertSnsTopicArn].GetProperty("Ref").GetString()!);
        Assert.All(messages, m => Assert.Equal(("Publish", topic), (m["Action"], m["TopicArn"])));
        var alerts = messages.Select(m => JsonDocument.Parse(m["Message"]![(m["Message"]!.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)..]).RootElement
            .GetProperty("alerts").EnumerateArray().Single()).ToList();
        var missedDay = Assert.Single(alerts, a => a.GetProperty("key").GetString() == $"asset_overdue:fct_stock_prices:{missed}");
        Assert.Equal(("ERROR", "opened"), (missedDay.GetProperty("severity").GetString(), missedDay.GetProperty("change").GetString()));
        Assert.Equal(alerts.Count, alerts.Select(a => a.GetProperty("key").GetString()).Distinct().Count());
        Assert.Equal(alerts.Count, await JobHarness.ScalarAsync<long>(harness.Local, "SELECT count(*) FROM market_meta.alerts", Ct));
        Assert.Equal((1, 2), (harness.Run.Sensor.ColdStarts, harness.Run.Sensor.Reports.Count));

        // The webhook, its URL a secret read through the extension: the same alerts, and its secret path never in the logs.
        Assert.Equal(alerts.Select(a => a.GetProperty("key").GetString()).Order(StringComparer.Ordinal),
            harness.Webhook.Bodies.Select(b => b.GetProperty("alerts").EnumerateArray().Single().GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(WebhookReceiver.SecretPath, harness.Run.Output, StringComparison.Ordinal);

        // As its own role: invoked by its schedule's role, its own password read, its topic published to; nothing refused.
        var iam = new IamEvaluation(stack);
        var results = await DeployedPipelineTests.EvaluateIamAsync(servers, harness, Ct);
        var sensorRole = IamEvaluation.RoleArn(iam.RoleOf(stack.Sensor.LogicalId));
        Assert.Equal(["secretsmanager:GetSecretValue", "sns:Publish"],
            results.Where(r => r.Request.Principal == sensorRole).Select(r => r.Request.Action).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(results, r => r.Request.Principal == IamEvaluation.RoleArn(iam.SensorSchedule.Role) && r.Request.Action == "lambda:InvokeFunction");
        Assert.Contains(results, r => r.Request.Principal == sensorRole && r.Request.Resource == DeployedHarness.WebhookSecretArn);
        TestContext.Current.TestOutputHelper?.WriteLine($"sensor: {messages.Count} alerts published; {string.Join("; ", harness.Run.Sensor.Reports)}");
    }

    private static System.Collections.Specialized.NameValueCollection Form(SnsReceiver.Received request) =>
        System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(request.Body));
}
