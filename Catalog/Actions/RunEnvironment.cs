using System.Collections;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Catalog.Actions;

/// <summary>
/// The environment of a run the catalog starts: an allow-list, not the catalog's own environment minus a few names. The
/// Orchestrator gets the pipeline's settings (the warehouse's owner, the lake, the market API, its tuning), telemetry
/// export, and what <c>dotnet</c> needs to run; never the catalog's password, token, address or anything else it holds.
/// The secrets among the pipeline's settings come from the AppHost's run settings file, which the run reads as its
/// <c>.env</c> (the catalog holds only its path).
/// </summary>
public static class RunEnvironment
{
    /// <summary>Variables passed on by exact name.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "NUGET_PACKAGES",
        SettingKeys.MarketApiKey, SettingKeys.MarketSymbols, SettingKeys.BucketName, SettingKeys.EnvFile,
        SettingKeys.CorporateActionsRefreshDays, SettingKeys.RunHeartbeatSeconds, SettingKeys.S3RequestTimeout, SettingKeys.S3MaxAttempts,

        // The lineage transport as scheduled runs have it; its endpoint and API key come from the run settings file.
        SettingKeys.OpenLineageTransport, SettingKeys.OpenLineageTimeout, SettingKeys.OpenLineageNamespace,
    };

    /// <summary>Families passed on by prefix: the pipeline's settings, AWS's, telemetry export, the dotnet host's.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["MARKET_API_", "REDSHIFT_", "WAREHOUSE_", "QUALITY_", "AWS_", "OTEL_EXPORTER_OTLP_", "OTEL_BSP_", "OTEL_BLRP_", "OTEL_METRIC_", "DOTNET_"];

    /// <summary>Set for every run: the Orchestrator is its own service in the dashboard.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fixed = new Dictionary<string, string> { ["OTEL_SERVICE_NAME"] = "orchestrator" };

    public static bool IsAllowed(string name) => Names.Contains(name) || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The child's variables from the catalog's: what the allow-list names is kept, everything else removed (a null value
    /// removes an inherited variable), the fixed ones set, and the run settings file, if any, as the child's <c>.env</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> For(IDictionary inherited, string? runSettingsFile = null)
    {
        var child = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in inherited)
        {
            var name = (string)entry.Key;
            child[name] = IsAllowed(name) ? (string?)entry.Value : null;
        }

        foreach (var (name, value) in Fixed)
        {
            child[name] = value;
        }

        if (runSettingsFile is not null)
        {
            child[SettingKeys.EnvFile] = runSettingsFile;
        }

        return child;
    }
}
