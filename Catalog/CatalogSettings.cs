using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Catalog;

/// <summary>
/// Where the catalog reads (the warehouse, as its own read-only user), which Orchestrator its actions start, and where
/// the dashboard shows traces.
/// </summary>
public sealed class CatalogSettings
{
    public const string OrchestratorProjectKey = SettingKeys.OrchestratorProject;
    public const string DashboardUrlKey = SettingKeys.DashboardUrl;
    public const string TokenKey = SettingKeys.CatalogToken;
    public const string AllowedHostsKey = SettingKeys.CatalogAllowedHosts;
    public const string RunSettingsKey = SettingKeys.CatalogRunSettings;
    public const int MinimumTokenLength = 16;

    /// <summary>No page waits on the warehouse longer than this.</summary>
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The warehouse as the catalog's user, <c>marketaspire_catalog</c>, which may only read.</summary>
    public required WarehouseSettings Reader { get; init; }

    /// <summary>The Orchestrator project the buttons run (<c>dotnet run --no-build</c>); without it the buttons are off.</summary>
    public string? OrchestratorProject { get; init; }

    /// <summary>
    /// The file of the secrets the Orchestrator needs (the warehouse owner's password, the market-API key), which the
    /// AppHost writes for each launch: the catalog passes its path on to the runs and never reads it.
    /// </summary>
    public string? RunSettingsFile { get; init; }

    /// <summary>The Aspire dashboard's address, for links to a run's trace.</summary>
    public Uri? DashboardUrl { get; init; }

    /// <summary>The token every request must present (once, in the link; then as a cookie); none means loopback only.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Host names the catalog answers to besides the loopback ones (for a token-protected, non-loopback bind).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>The trading days the grid may show as overdue: the sensor's (<c>SENSOR_LOOKBACK_TRADING_DAYS</c>).</summary>
    public int FreshnessLookbackDays { get; init; } = AssetGraph.Freshness.FreshnessEvaluator.DefaultLookbackTradingDays;

    public static CatalogSettings From(IConfiguration configuration)
    {
        var warehouse = WarehouseSettings.From(configuration);
        var passwordKey = ServiceDatabaseUsers.PasswordKeyOf(ServiceDatabaseUsers.Catalog);
        var reader = new SettingsReader(configuration);
        var lookbackDays = FreshnessLookbackSetting.Read(reader);
        var problems = reader.Problems;
        var password = configuration[passwordKey];
        if (string.IsNullOrWhiteSpace(password))
        {
            problems.Add($"{passwordKey} is required: the catalog logs in as {ServiceDatabaseUsers.CatalogUser}, which the warehouse's migrate command creates with that password.");
        }

        var project = configuration[OrchestratorProjectKey];
        if (!string.IsNullOrWhiteSpace(project) && !File.Exists(project))
        {
            problems.Add($"{OrchestratorProjectKey} names no file: '{project}'.");
        }

        var runSettings = configuration[RunSettingsKey];
        if (!string.IsNullOrWhiteSpace(runSettings) && !File.Exists(runSettings))
        {
            problems.Add($"{RunSettingsKey} names no file: '{runSettings}'.");
        }

        var dashboard = configuration[DashboardUrlKey];
        Uri? dashboardUrl = null;
        if (!string.IsNullOrWhiteSpace(dashboard) &&
            (!Uri.TryCreate(dashboard.Trim(), UriKind.Absolute, out dashboardUrl) || dashboardUrl.Scheme is not ("http" or "https")))
        {
            problems.Add($"{DashboardUrlKey} must be an absolute http(s) URL, not '{dashboard}'.");
        }

        var token = configuration[TokenKey]?.Trim();
        if (!string.IsNullOrEmpty(token) && token.Length < MinimumTokenLength)
        {
            // The length only: the message must not carry the token.
            problems.Add($"{TokenKey} must be at least {MinimumTokenLength} characters long (it has {token.Length}).");
        }

        ConfigurationException.ThrowIfAny(problems);
        return new CatalogSettings
        {
            Reader = new WarehouseSettings
            {
                Host = warehouse.Host,
                Port = warehouse.Port,
                Database = warehouse.Database,
                User = ServiceDatabaseUsers.CatalogUser,
                Password = password!.Trim(),
                Dialect = warehouse.Dialect,
                StatementTimeout = StatementTimeout,
            },
            OrchestratorProject = string.IsNullOrWhiteSpace(project) ? null : Path.GetFullPath(project),
            RunSettingsFile = string.IsNullOrWhiteSpace(runSettings) ? null : Path.GetFullPath(runSettings),
            DashboardUrl = dashboardUrl,
            AccessToken = string.IsNullOrEmpty(token) ? null : token,
            AllowedHosts = (configuration[AllowedHostsKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            FreshnessLookbackDays = lookbackDays,
        };
    }
}
