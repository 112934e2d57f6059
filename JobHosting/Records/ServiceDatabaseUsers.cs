using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Records;

/// <summary>
/// The services that need less of the warehouse than its owner log in as their own users, with exactly the grants
/// their definitions list. The deployment creates their passwords; the migrate command creates the users.
/// </summary>
public static class ServiceDatabaseUsers
{
    /// <summary>The catalog UI: it reads the data and the records, and nothing else.</summary>
    public const string Catalog = "catalog";

    /// <summary>What the catalog's user may do: read every table and view of both schemas, write none.</summary>
    public static IReadOnlyList<string> CatalogGrants { get; } =
    [
        "GRANT USAGE ON SCHEMA market_data TO {0}",
        "GRANT USAGE ON SCHEMA market_meta TO {0}",
        "GRANT SELECT ON ALL TABLES IN SCHEMA market_data TO {0}",
        "GRANT SELECT ON ALL TABLES IN SCHEMA market_meta TO {0}",
    ];

    /// <summary>The freshness sensor on AWS: it reads the runs' records and writes only its own evaluations and alerts.</summary>
    public const string Sensor = "sensor";

    /// <summary>
    /// What the sensor's user may do: read the materializations, runs and check evaluations; mark a run whose heartbeat
    /// stopped as abandoned (as the jobs do); record and prune its evaluations; record its alerts and dead letters.
    /// </summary>
    public static IReadOnlyList<string> SensorGrants { get; } =
    [
        "GRANT USAGE ON SCHEMA market_meta TO {0}",
        "GRANT SELECT ON market_meta.materializations, market_meta.check_evaluations TO {0}",
        "GRANT SELECT, UPDATE ON market_meta.runs TO {0}",
        "GRANT SELECT, INSERT, DELETE ON market_meta.sensor_evaluations TO {0}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON market_meta.alerts TO {0}",
        "GRANT SELECT, INSERT ON market_meta.alert_dead_letters TO {0}",
    ];

    /// <summary>The services with their own user, and what each may do.</summary>
    public static IEnumerable<ServiceDefinition> Of(AssetGraphDefinition graph) =>
        graph.ServicesInOrder.Where(s => s.WarehouseGrants is not null);

    /// <summary>Every user the migrate command may create, by name: the graph's services with grants, the catalog and the sensor.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> GrantsOf(AssetGraphDefinition graph) =>
        Of(graph).Select(s => KeyValuePair.Create(s.Name, s.WarehouseGrants!))
            .Append(KeyValuePair.Create(Catalog, CatalogGrants))
            .Append(KeyValuePair.Create(Sensor, SensorGrants))
            .ToDictionary();

    public static string CatalogUser => ServiceDefinition.DatabaseUserOf(Catalog);

    public static string SensorUser => ServiceDefinition.DatabaseUserOf(Sensor);

    public static string PasswordKeyOf(string service) => SettingKeys.DatabasePasswordPrefix + service.ToUpperInvariant();
}
