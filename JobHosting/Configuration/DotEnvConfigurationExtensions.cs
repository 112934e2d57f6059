using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace MarketAspire.JobHosting.Configuration;

public static class DotEnvConfigurationExtensions
{
    /// <summary>
    /// Adds the repo's <c>.env</c> below the environment variables, so that real environment variables win.
    /// <c>MARKET_ENV_FILE</c> is read from the sources added so far (environment variables, or a test's settings).
    /// </summary>
    public static IConfigurationBuilder AddDotEnvFile(this IConfigurationBuilder configuration, string? startDirectory = null)
    {
        var explicitPath = configuration is IConfiguration built ? built[SettingKeys.EnvFile] : Environment.GetEnvironmentVariable(SettingKeys.EnvFile);
        var path = DotEnvFile.Locate(startDirectory ?? Directory.GetCurrentDirectory(), explicitPath);
        if (path is null)
        {
            return configuration;
        }

        if (!File.Exists(path))
        {
            throw ConfigurationException.For($"{SettingKeys.EnvFile} names '{path}', which does not exist.");
        }

        var values = DotEnvFile.Parse(File.ReadAllText(path), path);
        var source = new MemoryConfigurationSource { InitialData = values.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)) };
        var firstEnvironment = configuration.Sources
            .Select((s, i) => (s, i))
            .FirstOrDefault(x => x.s is EnvironmentVariablesConfigurationSource);
        if (firstEnvironment.s is null)
        {
            configuration.Sources.Add(source);
        }
        else
        {
            configuration.Sources.Insert(firstEnvironment.i, source);
        }

        return configuration;
    }
}
