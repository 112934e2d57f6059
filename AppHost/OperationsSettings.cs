using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost;

/// <summary>
/// The tuning keys, the lineage events' and the freshness sensor's settings, taken from the AppHost's configuration (<c>.env</c> or the
/// environment) and passed on, since the processes the AppHost starts do not read <c>.env</c> themselves. The ones that
/// may hold a secret (the lineage endpoint, whose query may carry a token, its API key, the alert webhook) are secret
/// parameters; the catalog moves them into its run settings file (<see cref="Catalog.RunSettingsFile"/>).
/// </summary>
internal sealed class OperationsSettings
{
    /// <summary>The lineage settings that may hold a secret: a run gets them, the catalog only through its run settings file.</summary>
    public static readonly IReadOnlyList<string> LineageSecretKeys = [SettingKeys.OpenLineageUrl, SettingKeys.OpenLineageApiKey];

    /// <summary>
    /// The tuning keys of docs/configuration.md that the jobs read: a value set in the AppHost's <c>.env</c> reaches every
    /// job, Orchestrator and the catalog (which passes them to the runs it starts).
    /// </summary>
    public static readonly IReadOnlyList<string> TuningKeys =
    [
        SettingKeys.MarketApiRequestsPerMinute, SettingKeys.MarketApiRequestsPerDay, SettingKeys.MarketApiConcurrency,
        SettingKeys.MarketApiOutputSize, SettingKeys.MarketApiAttemptTimeout, SettingKeys.MarketApiTotalTimeout,
        SettingKeys.MarketApiQuotaRetry, SettingKeys.MarketApiRetryBase, SettingKeys.CorporateActionsRefreshDays,
        SettingKeys.WarehouseStatementTimeout, SettingKeys.WarehouseRowsPerFile, SettingKeys.WarehouseStagingWorkers, SettingKeys.WarehouseStagingRetentionDays,
        SettingKeys.S3RequestTimeout, SettingKeys.S3MaxAttempts, SettingKeys.RunHeartbeatSeconds,
        SettingKeys.QualityPriceJumpPercent, SettingKeys.QualityPublishTime,
        SettingKeys.QualityRestatementTolerancePercent, SettingKeys.QualityRestatementMinAgeDays,
    ];

    /// <summary>What every job, Orchestrator and the catalog get: the tuning keys, the lineage transport, and the trading days the sensor judges (the grids show the same).</summary>
    private static readonly string[] ProcessKeys =
        [.. TuningKeys, SettingKeys.OpenLineageTransport, SettingKeys.OpenLineageTimeout, SettingKeys.OpenLineageNamespace, SettingKeys.SensorLookbackDays];

    // The heartbeat too: the sensor marks a run abandoned after four missed stamps, so it must count the jobs' interval.
    private static readonly string[] SensorKeys =
    [
        SettingKeys.SensorLookbackDays, SettingKeys.SensorIntervalSeconds, SettingKeys.AlertWebhookFormat,
        SettingKeys.AlertMaxAttempts, SettingKeys.AlertRetryDelayMs, SettingKeys.AlertStormThreshold, SettingKeys.RunHeartbeatSeconds,
    ];

    private static readonly string[] SensorSecretKeys = [SettingKeys.AlertWebhookUrl];

    private readonly Dictionary<string, string> _plain;
    private readonly Dictionary<string, IResourceBuilder<ParameterResource>> _secrets;

    private OperationsSettings(Dictionary<string, string> plain, Dictionary<string, IResourceBuilder<ParameterResource>> secrets)
    {
        _plain = plain;
        _secrets = secrets;
    }

    public static OperationsSettings Add(IDistributedApplicationBuilder builder)
    {
        var reader = new SettingsReader(builder.Configuration);
        var plain = ProcessKeys.Concat(SensorKeys).Distinct()
            .Where(key => reader.Text(key) is not null)
            .ToDictionary(key => key, key => reader.Text(key)!);
        var secrets = LineageSecretKeys.Concat(SensorSecretKeys)
            .Where(key => reader.Text(key) is not null)
            .ToDictionary(key => key, key => builder.AddParameter(key.ToLowerInvariant().Replace('_', '-'), reader.Text(key)!, secret: true));
        return new OperationsSettings(plain, secrets);
    }

    /// <summary>A job, an Orchestrator or the catalog: the lineage settings and the sensor's lookback.</summary>
    public IResourceBuilder<ProjectResource> WireProcess(IResourceBuilder<ProjectResource> process) => Wire(process, ProcessKeys, LineageSecretKeys);

    /// <summary>The sensor: its interval, lookback and alert destinations.</summary>
    public IResourceBuilder<ProjectResource> WireSensor(IResourceBuilder<ProjectResource> sensor) => Wire(sensor, SensorKeys, SensorSecretKeys);

    private IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> resource, IEnumerable<string> plainKeys, IEnumerable<string> secretKeys)
    {
        foreach (var key in plainKeys.Where(_plain.ContainsKey))
        {
            resource.WithEnvironment(key, _plain[key]);
        }

        foreach (var key in secretKeys.Where(_secrets.ContainsKey))
        {
            resource.WithEnvironment(key, _secrets[key]);
        }

        return resource;
    }
}
