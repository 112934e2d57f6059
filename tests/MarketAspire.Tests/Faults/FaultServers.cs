using System.Collections.Concurrent;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketAspire.Tests.Faults;

/// <summary>
/// The matrix's own servers (a fault restarts PostgreSQL, so the suite's shared one is never used): PostgreSQL and
/// the S3 emulator, each behind a <see cref="FaultProxy"/>, the market-API simulator, and a migrated template database
/// every cell copies. Also the state a clean run of each job leaves, computed once.
/// </summary>
public sealed class FaultServers : IAsyncLifetime
{
    public const string TemplateDatabase = "fault_template";
    private readonly ConcurrentDictionary<FaultedJob, Lazy<Task<CleanState>>> _clean = new();
    private int _cells;

    public RestartablePostgres Postgres { get; private set; } = null!;

    public S3ErrorInjector S3 { get; private set; } = null!;

    public FaultProxy WarehouseProxy { get; private set; } = null!;

    public FaultProxy LakeProxy { get; private set; } = null!;

    public SimulatorServer Simulator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = CancellationToken.None;
        var postgres = RestartablePostgres.StartAsync(ct);
        var s3 = S3ErrorInjector.StartAsync(ct);
        Simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["TimeTravel"] = "true" }, ct);
        Postgres = await postgres;
        S3 = await s3;
        WarehouseProxy = new FaultProxy(Postgres.Port);
        LakeProxy = new FaultProxy(S3.Port);

        await using (var connection = new NpgsqlConnection(Postgres.ConnectionString("dev")))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateDatabase}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingKeys.RedshiftHost] = "127.0.0.1",
            [SettingKeys.RedshiftUser] = SettingKeys.LocalWarehouseUser,
            [SettingKeys.S3Endpoint] = S3.Endpoint,
            [SettingKeys.RedshiftPort] = Postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SettingKeys.RedshiftDb] = TemplateDatabase,
            [SettingKeys.RedshiftPassword] = PostgresServer.Password,
            [SettingKeys.WarehouseDialect] = "postgres",
        }).Build();
        await using var db = new WarehouseDatabase(WarehouseSettings.From(settings), "tests");
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(ct);
    }

    public int NextCell() => Interlocked.Increment(ref _cells);

    /// <summary>The state a run of the job that met no fault leaves (through the proxies, unarmed), computed once.</summary>
    public Task<CleanState> CleanAsync(FaultedJob job, CancellationToken ct) =>
        _clean.GetOrAdd(job, j => new Lazy<Task<CleanState>>(() => CleanState.MakeAsync(this, j, ct))).Value;

    public async ValueTask DisposeAsync()
    {
        await LakeProxy.DisposeAsync();
        await WarehouseProxy.DisposeAsync();
        await Simulator.DisposeAsync();
        await S3.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>Tables and lake listing after a job's clean run.</summary>
public sealed record CleanState(WarehouseState Warehouse, IReadOnlyList<string> Lake)
{
    public static async Task<CleanState> MakeAsync(FaultServers servers, FaultedJob job, CancellationToken ct)
    {
        await using var cell = await CellEnvironment.CreateAsync(servers, job, ct);
        var run = await cell.RunAsync(job, ct);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"The clean {job} run failed ({run.ExitCode}): {run.Crash}");
        }

        return new CleanState(await cell.WarehouseAsync(ct), await cell.ComparableLakeAsync(ct));
    }
}
