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
            string.Join('\n', "# comment", "", "export MARKET_SYMBOLS=IBM,MSFT", "REDSHIFT_PASSWORD=\"p@ss word\"", "S3_BUCKET_NAME=lake # trailing", "MARKET_SYMBOLS=AAPL"),
            ".env");
        Assert.Equal("AAPL", values["MARKET_SYMBOLS"]);
        Assert.Equal("p@ss word", values["REDSHIFT_PASSWORD"]);
        Assert.Equal("lake", values["S3_BUCKET_NAME"]);
        var ex = Assert.Throws<ConfigurationException>(() => DotEnvFile.Parse("JUSTAKEY", "/repo/.env"));
        Assert.StartsWith("Configuration error: /repo/.env is not a valid .env file: ", ex.Message);
    }

    [Fact]
    public void A_malformed_dot_env_line_is_named_by_position_without_echoing_the_file()
    {
        var ex = Assert.Throws<ConfigurationException>(() => DotEnvFile.Parse("REDSHIFT_PASSWORD=Distinctive-Secret-1\nNO EQUALS HERE\n", "/repo/.env"));

        Assert.Equal("Configuration error: /repo/.env is not a valid .env file: line 2, column 1 is not KEY=value.", ex.Message);
        Assert.DoesNotContain("Distinctive-Secret-1", ex.Message);
    }

    [Fact]
    public void Reading_the_dot_env_file_leaves_the_process_environment_alone()
    {
        DotEnvFile.Parse("MARKET_DOTENV_NEVER_SET=1", ".env");
        Assert.Null(Environment.GetEnvironmentVariable("MARKET_DOTENV_NEVER_SET"));
    }

    [Fact]
    public void Environment_variables_win_over_the_dot_env_file_named_by_the_settings()
    {
        var dir = Directory.CreateTempSubdirectory("dotenv-");
        try
        {
            var file = Path.Combine(dir.FullName, "custom.env");
            File.WriteAllLines(file, ["PATH=from-file", "MARKET_DOTENV_ONLY_IN_FILE=from-file"]);
            var config = new ConfigurationManager();
            config.AddEnvironmentVariables();
            config.AddInMemoryCollection([KeyValuePair.Create(SettingKeys.EnvFile, (string?)file)]);
            config.AddDotEnvFile(dir.FullName);
            Assert.Equal(Environment.GetEnvironmentVariable("PATH"), config["PATH"]);
            Assert.Equal("from-file", config["MARKET_DOTENV_ONLY_IN_FILE"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_dot_env_setting_none_reads_no_file_and_a_missing_named_file_is_an_error()
    {
        var dir = Directory.CreateTempSubdirectory("dotenv-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, ".env"), "MARKET_DOTENV_ONLY_IN_FILE=from-file");
            File.WriteAllText(Path.Combine(dir.FullName, "MarketAspire.sln"), "");
            Assert.Equal("from-file", new ConfigurationManager().AddDotEnvFile(dir.FullName).Build()["MARKET_DOTENV_ONLY_IN_FILE"]);

            var none = new ConfigurationManager();
            none.AddInMemoryCollection([KeyValuePair.Create(SettingKeys.EnvFile, (string?)"none")]);
            Assert.Null(none.AddDotEnvFile(dir.FullName).Build()["MARKET_DOTENV_ONLY_IN_FILE"]);

            var missing = new ConfigurationManager();
            missing.AddInMemoryCollection([KeyValuePair.Create(SettingKeys.EnvFile, (string?)Path.Combine(dir.FullName, "absent.env"))]);
            var ex = Assert.Throws<ConfigurationException>(() => missing.AddDotEnvFile(dir.FullName));
            Assert.Equal($"Configuration error: MARKET_ENV_FILE names '{Path.Combine(dir.FullName, "absent.env")}', which does not exist.", ex.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
