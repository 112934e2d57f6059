using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.JobHosting.Records;

/// <summary>
/// The services that need less of the warehouse than its owner log in as their own users, with exactly the grants
/// their definitions list. The deployment creates their passwords; the migrate command creates the users.
/// </summary>
public static class ServiceDatabaseUsers
{
    /// <summary>The setting that carries a service user's password: <c>MARKET_DB_PASSWORD_{SERVICE}</c>.</summary>
    public const string PasswordPrefix = "MARKET_DB_PASSWORD_";

    /// <summary>The services with their own user, and what each may do.</summary>
    public static IEnumerable<ServiceDefinition> Of(AssetGraphDefinition graph) =>
        graph.ServicesInOrder.Where(s => s.WarehouseGrants is not null);

    public static string UserOf(string service) => "marketaspire_" + service;

    public static string PasswordKeyOf(string service) => PasswordPrefix + service.ToUpperInvariant();
}
