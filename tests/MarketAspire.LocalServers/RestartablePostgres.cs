using MarketAspire.JobHosting.Configuration;
using Npgsql;

namespace MarketAspire.LocalServers;

/// <summary>
/// A PostgreSQL of its own (scripts/run-postgres.sh, as <see cref="PostgresServer"/>) that a test can restart: a fast
/// shutdown (SIGINT: every session is terminated, open transactions roll back) and a start on the same data and port.
/// </summary>
public sealed class RestartablePostgres : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"marketaspire-pg-{Guid.NewGuid():N}");
    private readonly SemaphoreSlim _restarting = new(1, 1);
    private ChildProcess? _process;

    public int Port { get; } = FreePort.Next();

    public int Restarts { get; private set; }

    public static async Task<RestartablePostgres> StartAsync(CancellationToken ct)
    {
        var server = new RestartablePostgres();
        await server.StartProcessAsync(ct);
        return server;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SettingKeys.LocalWarehouseUser,
        Password = PostgresServer.Password,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Stops the server as an operator's restart does and starts it again; returns once it accepts logins.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await _restarting.WaitAsync(ct);
        try
        {
            if (_process is { } process)
            {
                await process.DisposeAsync();
            }

            await StartProcessAsync(ct);
            Restarts++;
        }
        finally
        {
            _restarting.Release();
        }
    }

    /// <summary>Waits until a restart in progress is over.</summary>
    public async Task WaitUntilUpAsync(CancellationToken ct)
    {
        await _restarting.WaitAsync(ct);
        _restarting.Release();
    }

    private async Task StartProcessAsync(CancellationToken ct)
    {
        _process = new ChildProcess("bash", [Path.Combine(RepoPaths.Scripts, "run-postgres.sh"), Path.Combine(_directory, "data"), Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>
            {
                [SettingKeys.RedshiftPassword] = PostgresServer.Password,
                ["PG_EXTRA_OPTS"] = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("dev"));
                await connection.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100, ct);
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {ex.Message}\n{_process.Output}", ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync();
        }

        _restarting.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
