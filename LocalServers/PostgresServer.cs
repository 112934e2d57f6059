using MarketAspire.JobHosting.Configuration;
using Npgsql;

namespace MarketAspire.LocalServers;

/// <summary>
/// A real PostgreSQL started by scripts/run-postgres.sh (the AppHost's own script) on a free port in a temp folder.
/// Each test class takes a fresh database from it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Password = "test-password";
    private readonly ChildProcess _process;
    private readonly string _directory;
    private int _databases;

    private PostgresServer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <param name="durable">
    /// Keep fsync and full-page writes (benchmarks); tests trade durability for speed, and get more connections: the
    /// suite gives every test a database of its own on one server, and each database's client pool keeps idle
    /// connections for Npgsql's five-minute idle lifetime, so the default 100 runs out under a full parallel run.
    /// </param>
    /// <param name="options">More server options (<c>-c name=value ...</c>), such as a benchmark's statement statistics.</param>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct, bool durable = false, string options = "")
    {
        var directory = Path.Combine(Path.GetTempPath(), $"marketaspire-pg-{Guid.NewGuid():N}");
        var port = FreePort.Next();
        var process = new ChildProcess("bash", [Path.Combine(RepoPaths.Scripts, "run-postgres.sh"), Path.Combine(directory, "data"), port.ToString()],
            new Dictionary<string, string>
            {
                [SettingKeys.RedshiftPassword] = Password,
                ["PG_EXTRA_OPTS"] = (durable ? "" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 ") + options,
            });
        var server = new PostgresServer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString("dev"));
                await connection.OpenAsync(ct);
                return server;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200, ct);
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {ex.Message}\n{process.Output}", ex);
            }
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = SettingKeys.LocalWarehouseUser,
        Password = Password,
        Pooling = false,
    }.ConnectionString;

    /// <summary>A new, empty database; returns the configuration keys a service needs to use it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The name is made here from a counter and a GUID (DDL takes no parameters).")]
    public async Task<Dictionary<string, string?>> CreateDatabaseAsync(CancellationToken ct)
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection(ConnectionString("dev"));
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await cmd.ExecuteNonQueryAsync(ct);
        return new Dictionary<string, string?>
        {
            [SettingKeys.RedshiftHost] = "127.0.0.1",
            [SettingKeys.RedshiftPort] = Port.ToString(),
            [SettingKeys.RedshiftDb] = name,
            [SettingKeys.RedshiftUser] = SettingKeys.LocalWarehouseUser,
            [SettingKeys.RedshiftPassword] = Password,
            [SettingKeys.WarehouseDialect] = "postgres",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
