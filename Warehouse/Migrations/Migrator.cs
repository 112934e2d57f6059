using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MarketAspire.Warehouse.Migrations;

/// <summary>
/// Applies the embedded, versioned migrations of the warehouse's dialect, once each, under a lock, in one transaction.
/// A migration changed after it was applied is an error, not a silent skip.
/// </summary>
public sealed class Migrator(WarehouseDatabase warehouse, ILogger<Migrator> logger)
{
    private const string Bootstrap =
        """
        CREATE SCHEMA IF NOT EXISTS market_meta;
        CREATE TABLE IF NOT EXISTS market_meta.schema_migrations (
            version    INT          NOT NULL,
            name       VARCHAR(256) NOT NULL,
            checksum   VARCHAR(64)  NOT NULL,
            applied_at TIMESTAMPTZ  NOT NULL
        );
        """;

    private const string RecordMigration =
        "INSERT INTO market_meta.schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @applied_at)";

    // A fixed key for PostgreSQL's advisory lock: every migrator of this project takes the same one.
    private const long MigrationLockKey = 0x4D41_4D49_4752; // "MAMIGR"

    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        var dialect = warehouse.Dialect;
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        if (dialect == WarehouseDialect.Postgres)
        {
            await Execute(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct);
            await Execute(connection, tx, Bootstrap, ct);
        }
        else
        {
            await Execute(connection, tx, Bootstrap, ct);
            await Execute(connection, tx, "LOCK market_meta.schema_migrations", ct);
        }

        var applied = new Dictionary<int, string>();
        await using (var cmd = new NpgsqlCommand("SELECT version, checksum FROM market_meta.schema_migrations", connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        var count = 0;
        foreach (var migration in SqlScripts.Migrations(dialect))
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Name} was changed after it was applied (checksum differs). Add a new migration instead of editing an applied one.");
                }

                continue;
            }

            await Execute(connection, tx, migration.Sql, ct);
            await using var record = new NpgsqlCommand(RecordMigration, connection, tx);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);

            // The time travels as a parameter: now() is a leader-node-only function on Redshift.
            record.Parameters.AddWithValue("applied_at", DateTimeOffset.UtcNow);
            await record.ExecuteNonQueryAsync(ct);
            MigrationLog.Applied(logger, migration.Name, warehouse.Settings.Endpoint);
            count++;
        }

        await tx.CommitAsync(ct);
        MigrationLog.UpToDate(logger, count, warehouse.Settings.Endpoint);
        return count;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "SQL comes from embedded migration files and constants only.")]
    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

internal static partial class MigrationLog
{
    [LoggerMessage(2000, LogLevel.Information, "Applied migration {Migration} to the warehouse at {Endpoint}")]
    public static partial void Applied(ILogger logger, string migration, string endpoint);

    [LoggerMessage(2001, LogLevel.Information, "Warehouse schema at {Endpoint} is up to date ({Count} migrations applied now)")]
    public static partial void UpToDate(ILogger logger, int count, string endpoint);
}
