using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost.Catalog;

/// <summary>
/// The settings the runs the catalog starts need and the catalog itself must not hold: the warehouse owner's password,
/// the market-API key, and the lineage endpoint and its API key. They live in a <c>.env</c> file only this user can read (0600), in a folder made for this
/// launch (0700, an unguessable name), removed when the AppHost stops. The catalog gets the file's path only and hands
/// it to the Orchestrator it starts as <c>MARKET_ENV_FILE</c>, which every job already reads.
/// </summary>
internal sealed class RunSettingsFile : IDisposable
{
    public const string FileName = "run.env";

    /// <summary>What a run needs that the catalog does not: taken out of the catalog's environment, written here.</summary>
    public static readonly IReadOnlyList<string> Keys = [SettingKeys.RedshiftPassword, SettingKeys.MarketApiKey, .. OperationsSettings.LineageSecretKeys];

    private readonly Lock _lock = new();
    private string? _directory;

    /// <summary>Writes the values (replacing an earlier file of this launch) and returns the file's path.</summary>
    public async Task<string> WriteAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var text = DotEnvText(values);
        string path;
        lock (_lock)
        {
            // mkdtemp: created 0700 by this call, under a random name nobody could have prepared.
            _directory ??= Directory.CreateTempSubdirectory("marketaspire-catalog-runs-").FullName;
            path = Path.Combine(_directory, FileName);
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created readable by this user only, not chmod-ed afterwards: no moment where others could open it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await using var writer = new StreamWriter(file);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
        return path;
    }

    /// <summary>
    /// One <c>KEY='value'</c> line per setting: single quotes make DotNetEnv take the value as it is (no <c>$</c>
    /// interpolation, no escapes). A value those quotes cannot carry is refused naming its key, never its value.
    /// </summary>
    public static string DotEnvText(IReadOnlyDictionary<string, string> values)
    {
        var lines = new List<string>();
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (value.Contains('\'', StringComparison.Ordinal) || value.Any(char.IsControl))
            {
                throw ConfigurationException.For($"{key} holds a single quote or a control character, which the catalog's run settings file cannot carry.");
            }

            lines.Add($"{key}='{value}'");
        }

        return string.Join('\n', lines) + "\n";
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_directory is not null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }

            _directory = null;
        }
    }
}
