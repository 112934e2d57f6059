using DotNetEnv;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>
/// Reads a <c>.env</c> file with DotNetEnv (comments, <c>export</c>, quotes, <c>${VAR}</c> interpolation) without
/// touching the process environment. Real environment variables win over it (see <see cref="DotEnvConfigurationExtensions"/>).
/// </summary>
public static partial class DotEnvFile
{
    public const string FileName = ".env";

    private static readonly LoadOptions ReadOnly = new(setEnvVars: false, clobberExistingVars: true, onlyExactPath: true);

    /// <summary>The file's keys and values; a later line wins over an earlier one with the same key.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string contents, string source)
    {
        try
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in Env.LoadContents(contents, ReadOnly))
            {
                values[key] = value;
            }

            return values;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only the position: the parser's own message quotes the text it read last, which may be a secret.
            var position = ParsePosition().Match(ex.Message);
            throw ConfigurationException.For(position.Success
                ? $"{source} is not a valid .env file: line {position.Groups[1].Value}, column {position.Groups[2].Value} is not KEY=value."
                : $"{source} is not a valid .env file.");
        }
    }

    /// <summary>
    /// Finds the file: <paramref name="explicitPath"/> (the <c>MARKET_ENV_FILE</c> setting) if set, else the nearest
    /// <c>.env</c> from the start folder up to the repo root.
    /// </summary>
    public static string? Locate(string startDirectory, string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(explicitPath);
        }

        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(dir.FullName, "MarketAspire.sln")))
            {
                return null;
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\(Line (\d+), Column (\d+)\)")]
    private static partial System.Text.RegularExpressions.Regex ParsePosition();
}
