using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Platform;

/// <summary>A bad setting stops a service at start with one message that names the key (or host and port), never a secret.</summary>
public class MisconfigurationTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bad_REDSHIFT_PORT_is_named_and_the_service_exits_2()
    {
        var result = await ProcessRun.ServiceAsync("Warehouse", ["migrate"], new Dictionary<string, string?>
        {
            [SettingKeys.S3Endpoint] = "http://127.0.0.1:9",
            [SettingKeys.RedshiftPort] = "5439x",
        }, Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Configuration error: REDSHIFT_PORT must be a TCP port number from 1 to 65535, not '5439x'.", result.StandardError.Trim());
    }

    [Fact]
    public async Task Every_malformed_setting_of_a_job_is_listed_at_start_before_any_run_is_recorded()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        settings[SettingKeys.BucketName] = "Bad_Bucket";
        settings["WAREHOUSE_ROWS_PER_FILE"] = "many";
        settings["WAREHOUSE_STAGING_WORKERS"] = "0";

        var result = await ProcessRun.ServiceAsync("Warehouse", ["--partition", "2026-11-25"], settings, Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            string.Join(Environment.NewLine,
                "Configuration errors:",
                "  - S3_BUCKET_NAME 'Bad_Bucket' is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-').",
                "  - WAREHOUSE_ROWS_PER_FILE must be a whole number of at least 1, not 'many'.",
                "  - WAREHOUSE_STAGING_WORKERS must be a whole number of at least 1, not '0'."),
            result.StandardError.Trim());
        Assert.Empty(await JobHarness.RunsAsync(settings, Ct));
        Assert.DoesNotContain("Hosting failed to start", result.StandardOutput);
    }

    [Theory]
    [InlineData("Warehouse", "migrate")]
    [InlineData("Orchestrator", "status")]
    public async Task A_setting_validated_on_start_stops_every_entry_point_with_its_message(string service, string command)
    {
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        settings[SettingKeys.BucketName] = "Bad_Bucket";

        var result = await ProcessRun.ServiceAsync(service, [command], settings, Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Configuration error: S3_BUCKET_NAME 'Bad_Bucket' is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-').",
            result.StandardError.Trim());
    }

    [Fact]
    public async Task A_malformed_dot_env_file_stops_a_service_with_one_line_naming_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"marketaspire-{Guid.NewGuid():N}.env");
        await File.WriteAllTextAsync(file, "MARKET_SYMBOLS=IBM\nTHIS LINE HAS NO EQUALS SIGN\n", Ct);
        try
        {
            var settings = await servers.IsolatedEnvironmentAsync(Ct);
            settings["MARKET_ENV_FILE"] = file;

            var result = await ProcessRun.ServiceAsync("Warehouse", ["migrate"], settings, Ct);

            Assert.Equal(2, result.ExitCode);
            var error = Assert.Single(result.StandardError.Trim().Split('\n'));
            Assert.StartsWith($"Configuration error: {file} is not a valid .env file: ", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_required_key_in_AWS_mode_is_named()
    {
        var result = await ProcessRun.ServiceAsync("Warehouse", ["migrate"], new Dictionary<string, string?>
        {
            [SettingKeys.RedshiftHost] = "example.invalid",
            [SettingKeys.RedshiftDb] = "dev",
            [SettingKeys.RedshiftUser] = "awsuser",
            [SettingKeys.RedshiftIamRoleArn] = "arn:aws:iam::123456789012:role/copy",
            [SettingKeys.BucketName] = "market-data-lake",
        }, Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Configuration error: REDSHIFT_PASSWORD is required when running against AWS (AWS_ENDPOINT_URL_S3 is not set).", result.StandardError.Trim());
    }

    [Fact]
    public async Task A_wrong_password_names_host_and_port_but_never_the_password()
    {
        var postgres = await servers.Postgres;
        var result = await ProcessRun.ServiceAsync("Warehouse", ["migrate"], new Dictionary<string, string?>
        {
            [SettingKeys.S3Endpoint] = "http://127.0.0.1:9",
            [SettingKeys.RedshiftPort] = postgres.Port.ToString(),
            [SettingKeys.RedshiftPassword] = "Wr0ng-Pa55word-Distinctive",
        }, Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Cannot connect to the warehouse at 127.0.0.1:{postgres.Port}", result.StandardError);
        Assert.Contains("password authentication failed", result.StandardError);
        Assert.DoesNotContain("Wr0ng-Pa55word-Distinctive", result.All);
    }

    [Fact]
    public async Task Occupied_local_ports_stop_the_AppHost_together_with_each_port_and_the_key_to_change()
    {
        var postgres = await servers.Postgres; // its port is certainly taken
        var s3 = await servers.S3; // and so is this one
        var s3Port = new Uri(s3.Endpoint).Port;
        var result = await ProcessRun.ServiceAsync("AppHost", [], new Dictionary<string, string?>
        {
            [SettingKeys.RedshiftPort] = postgres.Port.ToString(),
            ["MARKET_LOCAL_S3_PORT"] = FreePort.Next().ToString(),
            ["MARKET_LOCAL_API_PORT"] = s3Port.ToString(),
            ["MARKET_LOCAL_INFRA"] = "processes",
            ["MARKET_LOCAL_STATE_DIR"] = Path.Combine(Path.GetTempPath(), $"marketaspire-unused-{Guid.NewGuid():N}"),
        }, Ct);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            string.Join(Environment.NewLine,
                "Configuration errors:",
                $"  - Port {postgres.Port} on 127.0.0.1 (the local warehouse) is already in use. Stop whatever listens there (is another MarketAspire stack running?), or set REDSHIFT_PORT to a free port in .env or the environment.",
                $"  - Port {s3Port} on 127.0.0.1 (the market-API simulator) is already in use. Stop whatever listens there (is another MarketAspire stack running?), or set MARKET_LOCAL_API_PORT to a free port in .env or the environment."),
            result.StandardError.Trim());
    }
}
