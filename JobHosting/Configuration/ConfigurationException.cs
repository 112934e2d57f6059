namespace MarketAspire.JobHosting.Configuration;

/// <summary>A setting is missing or malformed. The message names every offending key and never a secret value.</summary>
public sealed class ConfigurationException(string message) : Exception(message)
{
    public static void ThrowIfAny(IReadOnlyCollection<string> problems)
    {
        if (problems.Count == 1)
        {
            throw new ConfigurationException($"Configuration error: {problems.First()}");
        }

        if (problems.Count > 1)
        {
            throw new ConfigurationException("Configuration errors:" + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")));
        }
    }
}
