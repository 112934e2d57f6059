using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.EndToEnd;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// The AppHost's model, built but not started: the catalog holds the settings it reads with and the path of the run
/// settings file, never the warehouse owner's password or the market-API key, which the runs it starts still get.
/// </summary>
public class CatalogPrivilegeModelTests
{
    private const string OwnerPassword = "owner-secret-$HOME-\"x\"-#1";
    private const string ApiKey = "market-api-key-9f3c1e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_catalog_gets_no_owner_password_or_API_key_only_a_user_only_file_of_them_that_its_runs_read()
    {
        using var stack = new LocalStackArgs("2026-11-25", $"REDSHIFT_PASSWORD={OwnerPassword}", $"MARKET_API_KEY={ApiKey}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
        var catalog = builder.Resources.Single(r => r.Name == "catalog");

        var configuration = await ExecutionConfigurationBuilder.Create(catalog).WithEnvironmentVariablesConfig().WithArgumentsConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, Ct);
        var file = configuration.EnvironmentVariables.Single(kv => kv.Key == SettingKeys.CatalogRunSettings).Value;
        try
        {
            foreach (var (name, value) in configuration.EnvironmentVariables)
            {
                Assert.False(name is SettingKeys.RedshiftPassword or SettingKeys.MarketApiKey, $"the catalog gets {name}");
                Assert.False(value.Contains(OwnerPassword, StringComparison.Ordinal) || value.Contains(ApiKey, StringComparison.Ordinal), $"{name} carries a secret");
            }

            Assert.DoesNotContain(configuration.Arguments, a => a.Value.Contains(OwnerPassword, StringComparison.Ordinal) || a.Value.Contains(ApiKey, StringComparison.Ordinal));

            // What it still reads with: the warehouse's address and its own read-only user's password.
            Assert.Equal("marketaspire-catalog-local", configuration.EnvironmentVariables.Single(kv => kv.Key == "MARKET_DB_PASSWORD_CATALOG").Value);
            Assert.Equal(stack.WarehousePort.ToString(), configuration.EnvironmentVariables.Single(kv => kv.Key == SettingKeys.RedshiftPort).Value);

            // The runs' secrets: in a file only this user can read, in a folder only this user can enter, read back as
            // the Orchestrator reads its .env.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
            Assert.Equal(
                new Dictionary<string, string> { [SettingKeys.RedshiftPassword] = OwnerPassword, [SettingKeys.MarketApiKey] = ApiKey },
                DotEnvFile.Parse(await File.ReadAllTextAsync(file, Ct), file));
        }
        finally
        {
            CatalogRunSettings.Remove(configuration.EnvironmentVariables);
        }

        // The pipeline's own processes are wired as before.
        var status = await ExecutionConfigurationBuilder.Create(builder.Resources.Single(r => r.Name == "status")).WithEnvironmentVariablesConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, Ct);
        Assert.Equal(OwnerPassword, status.EnvironmentVariables.Single(kv => kv.Key == SettingKeys.RedshiftPassword).Value);
        Assert.Equal(ApiKey, status.EnvironmentVariables.Single(kv => kv.Key == SettingKeys.MarketApiKey).Value);
        Assert.DoesNotContain(status.EnvironmentVariables, kv => kv.Key == SettingKeys.CatalogRunSettings);
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("line\nbreak")]
    public void A_secret_the_file_cannot_carry_is_refused_naming_its_key_not_its_value(string value)
    {
        var refused = Assert.Throws<ConfigurationException>(() => AppHost.Catalog.RunSettingsFile.DotEnvText(new Dictionary<string, string> { [SettingKeys.RedshiftPassword] = value }));
        Assert.Contains(SettingKeys.RedshiftPassword, refused.Message);
        Assert.DoesNotContain(value, refused.Message);
    }
}
