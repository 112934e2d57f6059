using System.Net.Sockets;
using MarketAspire.JobHosting.Configuration;
using Npgsql;

namespace MarketAspire.JobHosting.Storage;

/// <summary>The warehouse connection pool (Redshift speaks the PostgreSQL protocol, so Npgsql serves both).</summary>
public sealed class WarehouseDatabase(WarehouseSettings settings, string applicationName) : IAsyncDisposable
{
    public WarehouseSettings Settings { get; } = settings;

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(settings.ConnectionString(applicationName));

    public WarehouseDialect Dialect => Settings.Dialect;

    /// <summary>Opens a connection, turning a network or login failure into a message that names host and port.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await DataSource.OpenConnectionAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            var reason = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.GetBaseException().Message;
            throw new WarehouseUnavailableException(
                $"Cannot connect to the warehouse at {Settings.Endpoint} (database '{Settings.Database}', user '{Settings.User}'): {reason}. " +
                $"Check {SettingKeys.RedshiftHost}, {SettingKeys.RedshiftPort}, {SettingKeys.RedshiftUser} and {SettingKeys.RedshiftPassword}.",
                ex);
        }
    }

    /// <summary>Fails fast at job start when the warehouse is unreachable.</summary>
    public async Task EnsureReachableAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
