using System.Text;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment;

/// <summary>
/// The sensor's binary as a Lambda function: started with <c>AWS_LAMBDA_RUNTIME_API</c> it serves the fake Runtime API,
/// one evaluation per invocation (EventBridge Scheduler's empty input), reads its password through the fake secrets
/// extension, records its evaluations and publishes its alerts to a receiver standing for SNS.
/// </summary>
public class SensorFunctionTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_invocation_is_one_evaluation_recorded_and_its_alerts_are_published_to_the_topic_once()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        await using var sns = new SnsReceiver();
        await using var lambda = new LambdaHandlerTests.FakeLambda("{}", "{}");
        await lambda.StartAsync();
        var environment = LambdaHandlerTests.LambdaEnvironment(settings, lambda);
        // Three trading days back: at least two of them are past fct_stock_prices's ERROR deadline, whenever this runs,
        // and nothing landed in this fresh database.
        environment[SettingKeys.SensorLookbackDays] = "3";
        environment[SettingKeys.AlertSnsTopicArn] = "arn:aws:sns:us-east-1:123456789012:MarketAspire-SensorAlerts";
        environment[SettingKeys.SnsEndpoint] = sns.Endpoint.ToString();
        environment[SettingKeys.AlertRetryDelayMs] = "0";
        environment["AWS_ACCESS_KEY_ID"] = "AKIDSENSOR";
        environment["AWS_SECRET_ACCESS_KEY"] = "sensor-secret-key-never-logged";

        var result = await ProcessRun.ServiceAsync("Sensor", [], environment, Ct);

        Assert.True(result.ExitCode == 0, result.All);
        var (first, second) = (Report(lambda.Posts["request-1/response"]), Report(lambda.Posts["request-2/response"]));
        Assert.InRange(first.GetProperty("opened").GetInt32(), 2, 3);
        Assert.Equal(0, second.GetProperty("opened").GetInt32()); // the same conditions: nothing new to say
        Assert.Equal(first.GetProperty("evaluated").GetInt32() * 2L, await JobHarness.ScalarAsync<long>(settings, "SELECT count(*) FROM market_meta.sensor_evaluations", Ct));
        var opened = await JobHarness.ScalarAsync<long>(settings, "SELECT count(*) FROM market_meta.alerts", Ct);
        Assert.Equal(first.GetProperty("opened").GetInt32(), opened);
        Assert.Equal(opened, sns.Requests.Count);
        Assert.All(sns.Requests, r =>
        {
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDSENSOR/", r.Headers["authorization"], StringComparison.Ordinal);
            Assert.Contains("Action=Publish", Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal);
        });
        Assert.DoesNotContain("sensor-secret-key-never-logged", result.All, StringComparison.Ordinal);
    }

    /// <summary>The invocation's answer: the evaluation's report (camel case, as the runtime posts JSON).</summary>
    private static System.Text.Json.JsonElement Report(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
}
