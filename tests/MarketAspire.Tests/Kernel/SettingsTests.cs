using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Kernel;

public class SettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Locally_every_warehouse_key_has_a_default()
    {
        var settings = WarehouseSettings.From(Config((SettingKeys.S3Endpoint, "http://127.0.0.1:4566")));
        Assert.Equal("127.0.0.1:5439", settings.Endpoint);
        Assert.Equal("dev", settings.Database);
        Assert.Equal("awsuser", settings.User);
        Assert.Equal(WarehouseDialect.Postgres, settings.Dialect);
    }

    [Fact]
    public void On_AWS_a_missing_required_key_is_named()
    {
        var ex = Assert.Throws<ConfigurationException>(() => WarehouseSettings.From(Config(
            (SettingKeys.RedshiftHost, "cluster.example.us-east-1.redshift.amazonaws.com"),
            (SettingKeys.RedshiftDb, "dev"),
            (SettingKeys.RedshiftUser, "awsuser"),
            (SettingKeys.RedshiftIamRoleArn, "arn:aws:iam::123456789012:role/copy"))));
        Assert.Equal("Configuration error: REDSHIFT_PASSWORD is required when running against AWS (AWS_ENDPOINT_URL_S3 is not set).", ex.Message);
    }

    [Fact]
    public void A_malformed_port_is_named_with_its_value()
    {
        var ex = Assert.Throws<ConfigurationException>(() => WarehouseSettings.From(Config(
            (SettingKeys.S3Endpoint, "http://127.0.0.1:4566"), (SettingKeys.RedshiftPort, "54x39"))));
        Assert.Contains("REDSHIFT_PORT must be a TCP port number from 1 to 65535, not '54x39'", ex.Message);
    }

    [Fact]
    public void Several_problems_are_listed_together_and_no_secret_is_echoed()
    {
        var ex = Assert.Throws<ConfigurationException>(() => WarehouseSettings.From(Config(
            (SettingKeys.RedshiftPassword, "hunter2-secret"), (SettingKeys.RedshiftPort, "0"))));
        Assert.Contains("REDSHIFT_HOST", ex.Message);
        Assert.Contains("REDSHIFT_PORT", ex.Message);
        Assert.Contains("REDSHIFT_IAM_ROLE_ARN", ex.Message);
        Assert.DoesNotContain("hunter2-secret", ex.Message);
    }

    [Fact]
    public void Lake_settings_validate_the_bucket_name()
    {
        Assert.Equal("market-data-lake", LakeSettings.From(Config((SettingKeys.S3Endpoint, "http://127.0.0.1:4566"))).BucketName);
        var ex = Assert.Throws<ConfigurationException>(() => LakeSettings.From(Config((SettingKeys.BucketName, "Bad_Bucket"))));
        Assert.Contains("S3_BUCKET_NAME 'Bad_Bucket' is not a valid S3 bucket name", ex.Message);
        var missing = Assert.Throws<ConfigurationException>(() => LakeSettings.From(Config()));
        Assert.Contains("S3_BUCKET_NAME is required when running against AWS", missing.Message);
    }

    [Fact]
    public void Dot_env_lines_parse_with_comments_quotes_and_export()
    {
        var values = DotEnvFile.Parse(
            ["# comment", "", "export MARKET_SYMBOLS=IBM,MSFT", "REDSHIFT_PASSWORD=\"p@ss word\"", "S3_BUCKET_NAME=lake # trailing"],
            ".env");
        Assert.Equal("IBM,MSFT", values["MARKET_SYMBOLS"]);
        Assert.Equal("p@ss word", values["REDSHIFT_PASSWORD"]);
        Assert.Equal("lake", values["S3_BUCKET_NAME"]);
        var ex = Assert.Throws<FormatException>(() => DotEnvFile.Parse(["JUSTAKEY"], ".env"));
        Assert.Equal(".env:1: expected KEY=value.", ex.Message);
    }

    [Fact]
    public void Environment_variables_win_over_the_dot_env_file()
    {
        var dir = Directory.CreateTempSubdirectory("dotenv-");
        var file = Path.Combine(dir.FullName, ".env");
        File.WriteAllLines(file, ["KEY_A=from-file", "KEY_B=from-file"]);
        var previous = Environment.GetEnvironmentVariable(DotEnvFile.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable("MARKET_DOTENV_TEST_KEY_A", "from-env");
            Environment.SetEnvironmentVariable(DotEnvFile.PathVariable, file);
            var config = new ConfigurationBuilder().AddEnvironmentVariables("MARKET_DOTENV_TEST_").AddDotEnvFile().Build();
            Assert.Equal("from-env", config["KEY_A"]);
            Assert.Equal("from-file", config["KEY_B"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DotEnvFile.PathVariable, previous);
            Environment.SetEnvironmentVariable("MARKET_DOTENV_TEST_KEY_A", null);
            dir.Delete(recursive: true);
        }
    }
}
