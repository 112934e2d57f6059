using Amazon.CDK;
using MarketAspire.Deploy;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Warehouse;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Kernel;

/// <summary>A malformed number is an error that names its key, never a silent fall back to the default.</summary>
public class MalformedSettingsTests
{
    private static IConfiguration Config(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

    [Theory]
    [InlineData("WAREHOUSE_ROWS_PER_FILE", "250k")]
    [InlineData("WAREHOUSE_STAGING_WORKERS", "0")]
    public void A_malformed_warehouse_knob_is_named(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => WarehouseTuning.From(Config(key, value)));

        Assert.Contains($"{key} must be a whole number of at least 1, not '{value}'.", error.Message);
    }

    [Fact]
    public void Warehouse_knobs_that_are_set_are_used()
    {
        var tuning = WarehouseTuning.From(new ConfigurationBuilder().AddInMemoryCollection(
            [KeyValuePair.Create("WAREHOUSE_ROWS_PER_FILE", (string?)"1000"), KeyValuePair.Create("WAREHOUSE_STAGING_WORKERS", (string?)"3")]).Build());

        Assert.Equal((1000, 3), (tuning.RowsPerFile, tuning.StagingWorkers));
    }

    [Fact]
    public void A_malformed_deployment_number_is_named()
    {
        lock (Deployment.StackTemplateTests.JsiiLock)
        {
            var app = new App(new AppProps { Context = new Dictionary<string, object> { ["requestsPerMinute"] = "five", ["stagedRetentionDays"] = "0" } });

            var error = Assert.Throws<ConfigurationException>(() => DeploymentSettings.From(app));

            Assert.Contains("Context 'requestsPerMinute' (MARKET_API_REQUESTS_PER_MINUTE) must be a whole number of at least 1, not 'five'.", error.Message);
            Assert.Contains("Context 'stagedRetentionDays' (MARKET_STAGED_RETENTION_DAYS) must be a whole number of at least 1, not '0'.", error.Message);
        }
    }
}
