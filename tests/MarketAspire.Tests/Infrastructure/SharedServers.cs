using MarketAspire.LocalServers;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

[assembly: AssemblyFixture(typeof(MarketAspire.Tests.Infrastructure.SharedServers))]

namespace MarketAspire.Tests.Infrastructure;

/// <summary>One PostgreSQL and one S3 emulator for the whole test run, started on first use.</summary>
public sealed class SharedServers : IAsyncDisposable
{
    private readonly Lazy<Task<PostgresServer>> _postgres = new(() => PostgresServer.StartAsync(CancellationToken.None));
    private readonly Lazy<Task<S3Emulator>> _s3 = new(() => S3Emulator.StartAsync(CancellationToken.None));

    public Task<PostgresServer> Postgres => _postgres.Value;

    public Task<S3Emulator> S3 => _s3.Value;

    /// <summary>A fresh database and bucket: the configuration a job needs to run against them.</summary>
    public async Task<Dictionary<string, string?>> IsolatedEnvironmentAsync(CancellationToken ct)
    {
        var postgres = await Postgres;
        var s3 = await S3;
        var settings = await postgres.CreateDatabaseAsync(ct);
        foreach (var (key, value) in await s3.CreateBucketAsync(ct))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A fresh database with the warehouse migrated, and a fresh bucket: what a pipeline job finds when it starts.</summary>
    public async Task<Dictionary<string, string?>> MigratedEnvironmentAsync(CancellationToken ct)
    {
        var settings = await IsolatedEnvironmentAsync(ct);
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(ct);
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres.IsValueCreated && _postgres.Value.IsCompletedSuccessfully)
        {
            await (await _postgres.Value).DisposeAsync();
        }

        if (_s3.IsValueCreated && _s3.Value.IsCompletedSuccessfully)
        {
            await (await _s3.Value).DisposeAsync();
        }
    }
}
