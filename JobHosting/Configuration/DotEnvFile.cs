namespace MarketAspire.JobHosting.Configuration;

/// <summary>
/// Reads a <c>.env</c> file: <c>KEY=value</c> lines, <c>#</c> comments, optional <c>export</c> prefix and quotes.
/// Real environment variables win over it (see <see cref="DotEnvConfigurationExtensions"/>).
/// </summary>
public static class DotEnvFile
{
    public const string FileName = ".env";

    /// <summary>Set to a path to read another file, or to <c>none</c> to read no file (tests do).</summary>
    public const string PathVariable = "MARKET_ENV_FILE";

    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException($"{source}:{number}: expected KEY=value.");
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else
            {
                var comment = value.IndexOf(" #", StringComparison.Ordinal);
                if (comment >= 0)
                {
                    value = value[..comment].TrimEnd();
                }
            }

            values[key] = value;
        }

        return values;
    }

    /// <summary>Finds the file: <c>MARKET_ENV_FILE</c> if set, else the nearest <c>.env</c> from the start folder up to the repo root.</summary>
    public static string? Locate(string startDirectory)
    {
        var explicitPath = Environment.GetEnvironmentVariable(PathVariable);
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
}
