using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>How the local stack is laid out: ports, credentials, state folder, infrastructure mode. Every key has a default.</summary>
internal sealed class LocalStackSettings
{
    public const int DefaultCatalogPort = 4590;
    public const string DefaultCatalogPassword = "marketaspire-catalog-local";

    public required int WarehousePort { get; init; }
    public required int S3Port { get; init; }
    public required int ApiPort { get; init; }

    /// <summary>Where the catalog UI listens, on 127.0.0.1.</summary>
    public required int CatalogPort { get; init; }

    /// <summary>The password of the catalog's read-only warehouse user.</summary>
    public required string CatalogPassword { get; init; }

    /// <summary>The Aspire dashboard's address (the AppHost's <c>ASPNETCORE_URLS</c>), for the catalog's trace links.</summary>
    public string? DashboardUrl { get; init; }
    public string? SimulatorFaults { get; init; }

    /// <summary><c>MARKET_API_TIME_TRAVEL=true</c>: the simulator answers for past landing dates (tests and demos only).</summary>
    public bool TimeTravel { get; init; }
    public required string Database { get; init; }
    public required string User { get; init; }
    public required string Password { get; init; }
    public required string BucketName { get; init; }
    public required string Region { get; init; }
    public required string StateDirectory { get; init; }
    public required string RepoRoot { get; init; }
    public required InfraMode Mode { get; init; }
    public string? Partition { get; init; }
    public string? MarketApiKey { get; init; }
    public string? MarketApiBaseUrl { get; init; }
    public string? Symbols { get; init; }

    public string S3Endpoint => $"http://127.0.0.1:{S3Port}";

    /// <summary>Without a key or an address of its own, the stack runs the market-API simulator.</summary>
    public bool UsesSimulator => MarketApiKey is null && MarketApiBaseUrl is null;

    public static LocalStackSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var reader = new SettingsReader(configuration);
        var problems = reader.Problems;
        var repoRoot = Path.GetFullPath(Path.Combine(appHostDirectory, ".."));

        var modeText = reader.Text(SettingKeys.LocalInfra, "auto");
        if (!Enum.TryParse<InfraMode>(modeText, ignoreCase: true, out var mode))
        {
            problems.Add($"{SettingKeys.LocalInfra} must be 'auto', 'containers', 'processes' or 'aws' (no local infrastructure), not '{modeText}'.");
        }

        var partition = configuration[SettingKeys.StackPartition];
        if (!string.IsNullOrWhiteSpace(partition) && !AssetGraph.Partitions.DailyPartition.TryParse(partition.Trim(), out _))
        {
            problems.Add($"{SettingKeys.StackPartition} must be a date of the form YYYY-MM-DD, not '{partition}'.");
        }

        var settings = new LocalStackSettings
        {
            WarehousePort = reader.Port(SettingKeys.RedshiftPort, SettingKeys.DefaultWarehousePort),
            S3Port = reader.Port(SettingKeys.LocalS3Port, SettingKeys.DefaultS3Port),
            ApiPort = reader.Port(SettingKeys.LocalApiPort, 4580),
            CatalogPort = reader.Port(SettingKeys.LocalCatalogPort, DefaultCatalogPort),
            CatalogPassword = reader.Text(JobHosting.Records.ServiceDatabaseUsers.PasswordKeyOf(JobHosting.Records.ServiceDatabaseUsers.Catalog), DefaultCatalogPassword),
            DashboardUrl = configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(),
            SimulatorFaults = configuration[SettingKeys.SimulatorFaults] is { Length: > 0 } faults ? faults : null,
            TimeTravel = bool.TryParse(configuration[SettingKeys.MarketApiTimeTravel], out var travel) && travel,
            Database = reader.Text(SettingKeys.RedshiftDb, SettingKeys.LocalWarehouseDb),
            User = reader.Text(SettingKeys.RedshiftUser, SettingKeys.LocalWarehouseUser),
            Password = reader.Text(SettingKeys.RedshiftPassword, SettingKeys.LocalWarehousePassword),
            BucketName = reader.Text(SettingKeys.BucketName, SettingKeys.DefaultBucket),
            Region = reader.Text(SettingKeys.AwsRegion, SettingKeys.DefaultRegion),
            StateDirectory = Path.GetFullPath(reader.Text(SettingKeys.LocalStateDir, Path.Combine(repoRoot, ".local"))),
            RepoRoot = repoRoot,
            Mode = mode,
            Partition = string.IsNullOrWhiteSpace(partition) ? null : partition.Trim(),
            MarketApiKey = configuration[SettingKeys.MarketApiKey] is { Length: > 0 } key ? key : null,
            MarketApiBaseUrl = configuration[SettingKeys.MarketApiBaseUrl] is { Length: > 0 } url ? url : null,
            Symbols = configuration[SettingKeys.MarketSymbols] is { Length: > 0 } symbols ? symbols : null,
        };

        int[] ports = [settings.WarehousePort, settings.S3Port, settings.ApiPort, settings.CatalogPort];
        if (ports.Distinct().Count() != ports.Length && problems.Count == 0 && mode != InfraMode.Aws)
        {
            problems.Add($"{SettingKeys.RedshiftPort}, {SettingKeys.LocalS3Port}, {SettingKeys.LocalApiPort} and {SettingKeys.LocalCatalogPort} must be four different ports ({string.Join(", ", ports)}).");
        }

        reader.ThrowIfAny();
        return settings;
    }
}

internal enum InfraMode
{
    Auto,
    Containers,
    Processes,

    /// <summary>No local warehouse or S3: the endpoints the configuration names (<see cref="AwsInfrastructure"/>).</summary>
    Aws,
}
