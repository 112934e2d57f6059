using MarketAspire.LocalServers;

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
