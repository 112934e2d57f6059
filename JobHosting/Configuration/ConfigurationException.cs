namespace MarketAspire.JobHosting.Configuration;

/// <summary>A setting is missing or malformed. The message names every offending key and never a secret value.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>A complete message, used as it is.</summary>
    public ConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    private ConfigurationException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>One line per problem, each naming its key.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>One problem, named by its key or file: "Configuration error: ...".</summary>
    public static ConfigurationException For(string problem) => new([problem]);

    /// <summary>Several problems (at least one), listed under "Configuration errors:".</summary>
    public static ConfigurationException Of(IReadOnlyList<string> problems) => new(problems);

    public static void ThrowIfAny(IReadOnlyCollection<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new ConfigurationException([.. problems]);
        }
    }

    private static string Describe(IReadOnlyList<string> problems) => problems.Count == 1
        ? $"Configuration error: {problems[0]}"
        : "Configuration errors:" + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"));
}
