using System.Data;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using Npgsql;

namespace MarketAspire.Quality;

/// <summary>
/// The read-only connection the checks share, opened again when the previous one broke (a check retried after a reset
/// or a warehouse restart runs on a new one).
/// </summary>
internal sealed class CheckConnection(WarehouseDatabase warehouse) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (_connection is { FullState: ConnectionState.Open })
        {
            return _connection;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        var connection = await warehouse.OpenAsync(ct);
        try
        {
            if (warehouse.Dialect == WarehouseDialect.Postgres)
            {
                // Read only; and index probes priced as on the SSD the stand-in runs on: otherwise a check of the day's
                // rows plans a scan of the whole fact table (its cost grows with the history) instead of one probe per row.
                await using var readOnly = new NpgsqlCommand("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET random_page_cost = 1.1", connection);
                await readOnly.ExecuteNonQueryAsync(ct);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return _connection = connection;
    }

    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
