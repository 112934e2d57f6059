using System.Diagnostics.CodeAnalysis;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.Warehouse.Loading;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MarketAspire.Warehouse.Migrations;

/// <summary>
/// The database users of the functions that need less than the warehouse's owner: each service whose password is
/// configured as <c>MARKET_DB_PASSWORD_{SERVICE}</c> gets the user <c>marketaspire_{service}</c> with exactly the
/// grants its statements need (the extractor writes its records; the checks read the tables and write evaluations;
/// the catalog reads).
/// Run by the warehouse's <c>migrate</c> command, which owns the schema; idempotent (an existing user's password is set).
/// </summary>
public static class ServiceUsers
{
    public const string UserExists = "SELECT count(*) FROM pg_user WHERE usename = @name";

    /// <summary>Creates or updates each configured service's user and grants; returns the users it handled.</summary>
    [SuppressMessage("Security", "CA2100", Justification = "User names come from the graph's service names; passwords are quoted literals (DDL takes no parameters).")]
    public static async Task<IReadOnlyList<string>> EnsureAsync(NpgsqlConnection connection, AssetGraphDefinition graph, IConfiguration configuration, CancellationToken ct)
    {
        var grantsOf = ServiceDatabaseUsers.GrantsOf(graph);
        var users = new List<string>();
        foreach (var (key, password) in configuration.AsEnumerable().Where(kv => kv.Key.StartsWith(SettingKeys.DatabasePasswordPrefix, StringComparison.Ordinal) && !string.IsNullOrEmpty(kv.Value)))
        {
            if (key.EndsWith(SettingKeys.SecretArnSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var service = key[SettingKeys.DatabasePasswordPrefix.Length..].ToLowerInvariant();
            if (!grantsOf.TryGetValue(service, out var grants))
            {
                throw new ConfigurationException(
                    $"{key}: no database grants are defined for a service '{service}' (known: {string.Join(", ", grantsOf.Keys)}).");
            }

            var user = ServiceDefinition.DatabaseUserOf(service);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var exists = new NpgsqlCommand(UserExists, connection, tx))
            {
                exists.Parameters.AddWithValue("name", user);
                var verb = Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0 ? "CREATE" : "ALTER";
                await using var set = new NpgsqlCommand($"{verb} USER {user} PASSWORD {RedshiftStatements.Literal(password!)}", connection, tx);
                await set.ExecuteNonQueryAsync(ct);
            }

            foreach (var grant in grants)
            {
                await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, grant, user), connection, tx);
                await command.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            users.Add(user);
        }

        return users;
    }
}
