using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Extractor;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Quality;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MarketAspire.Tests.Faults;

/// <summary>
/// One cell's world: a database copied from the migrated template and a bucket, seeded with what its job reads (two
/// symbols, one landing date), and the settings a job needs to reach them through the proxies (or directly).
/// </summary>
public sealed class CellEnvironment : IAsyncDisposable
{
    public const string Partition = "2026-11-25";
    public const string StatementTimeoutSeconds = "4";
    public const string S3TimeoutSeconds = "3";
    private static readonly string[] Symbols = ["IBM", "MSFT"];
    private readonly FaultServers _servers;
    private readonly IAmazonS3 _s3;

    private CellEnvironment(FaultServers servers, string database, string bucket)
    {
        _servers = servers;
        Database = database;
        Bucket = bucket;
        Direct = Settings(servers.Postgres.Port, servers.S3.Port);
        ThroughProxies = Settings(servers.WarehouseProxy.Port, servers.LakeProxy.Port);
        _s3 = LakeClientFactoryForTests(servers.S3.Endpoint);
    }

    public string Database { get; }

    public string Bucket { get; }

    public Dictionary<string, string?> Direct { get; }

    public Dictionary<string, string?> ThroughProxies { get; }

    public IAmazonS3 S3 => _s3;

    public string ConnectionString => _servers.Postgres.ConnectionString(Database);

    public static async Task<CellEnvironment> CreateAsync(FaultServers servers, FaultedJob job, CancellationToken ct)
    {
        var n = servers.NextCell();
        var cell = new CellEnvironment(servers, $"cell_{n}", $"cell-{n}-{Guid.NewGuid():N}"[..30]);
        await using (var connection = new NpgsqlConnection(servers.Postgres.ConnectionString("dev")))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {cell.Database} TEMPLATE {FaultServers.TemplateDatabase}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        await cell._s3.PutBucketAsync(cell.Bucket, ct);
        if (job != FaultedJob.Extractor)
        {
            await cell.LandAsync(ct);
        }

        if (job == FaultedJob.Quality && await cell.RunAsync(FaultedJob.Warehouse, ct, direct: true) is { ExitCode: not 0 } load)
        {
            throw new InvalidOperationException($"Loading the quality cell's warehouse failed: {load.Crash}");
        }

        return cell;
    }

    /// <summary>Runs a job as its Program.cs would, in this process; a crash out of the host is returned, not thrown.</summary>
    public async Task<JobRun> RunAsync(FaultedJob job, CancellationToken ct, bool direct = false)
    {
        var builder = JobHarness.Builder(direct ? Direct : ThroughProxies, "--partition", Partition);
        builder.AddServiceDefaults();
        var module = job switch
        {
            FaultedJob.Extractor => ExtractorModule.Module,
            FaultedJob.Warehouse => WarehouseModule.Module,
            _ => QualityModule.Module,
        };
        try
        {
            return new JobRun(await builder.RunJobAsync(module, MarketAssets.Graph), null);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return new JobRun(-1, ex);
        }
    }

    public Task<WarehouseState> WarehouseAsync(CancellationToken ct) => WarehouseState.ReadAsync(ConnectionString, ct);

    public Task<LakeState> LakeAsync(CancellationToken ct) => LakeState.ReadAsync(_s3, Bucket, ct);

    public async Task<IReadOnlyList<string>> ComparableLakeAsync(CancellationToken ct)
    {
        var latest = (await RunsAsync(ct)).Where(r => r.Job == MarketAssets.Warehouse && r.Status == RunStatus.Succeeded).MaxBy(r => r.StartedAt)?.RunId;
        return (await LakeAsync(ct)).Comparable(latest);
    }

    public async Task<IReadOnlyList<RunRecord>> RunsAsync(CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        return await new MetaStore(dataSource, WarehouseDialect.Postgres).RecentRunsAsync(100, ct);
    }

    /// <summary>The materializations of a run: (asset, status, error, metadata).</summary>
    public async Task<List<(string Asset, string Status, string? Error, string Metadata)>> MaterializationsAsync(string? runId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT asset, status, error, metadata::text FROM market_meta.materializations WHERE run_id = @run OR @run IS NULL ORDER BY finished_at", connection);
        cmd.Parameters.Add(new NpgsqlParameter("run", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = (object?)runId ?? DBNull.Value });
        var list = new List<(string, string, string?, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        return list;
    }

    /// <summary>Sessions still open on the cell's database from anyone but this check: a job that left one behind.</summary>
    public async Task<long> LingeringSessionsAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private Dictionary<string, string?> Settings(int warehousePort, int lakePort) => new()
    {
        [SettingKeys.RedshiftHost] = "127.0.0.1",
        [SettingKeys.RedshiftPort] = warehousePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [SettingKeys.RedshiftDb] = Database,
        [SettingKeys.RedshiftUser] = SettingKeys.LocalWarehouseUser,
        [SettingKeys.RedshiftPassword] = PostgresServer.Password,
        [SettingKeys.WarehouseDialect] = "postgres",
        [SettingKeys.WarehouseStatementTimeout] = StatementTimeoutSeconds,
        [SettingKeys.BucketName] = Bucket,
        [SettingKeys.S3Endpoint] = $"http://127.0.0.1:{lakePort}",
        [SettingKeys.AwsRegion] = SettingKeys.DefaultRegion,
        ["S3_REQUEST_TIMEOUT_SECONDS"] = S3TimeoutSeconds,
        [SettingKeys.MarketSymbols] = string.Join(',', Symbols),
        [SettingKeys.MarketApiBaseUrl] = _servers.Simulator.BaseUrl,
        [SettingKeys.MarketApiTimeTravel] = "true",
        ["MARKET_API_QUOTA_RETRY_SECONDS"] = "0",
        ["MARKET_API_RETRY_BASE_MS"] = "20",
        [SettingKeys.RunHeartbeatSeconds] = "1",
    };

    private async Task LandAsync(CancellationToken ct)
    {
        var date = DailyPartition.Parse(Partition).Date;
        foreach (var symbol in Symbols)
        {
            var buffer = new ArrayBufferWriter<byte>();
            PriceSeriesGenerator.WriteDailySeries(buffer, symbol, PriceSeriesGenerator.Generate(symbol, date, 30), full: false);
            await PutAsync($"raw/stock_data/{Partition}/{symbol}.json", buffer.WrittenSpan.ToArray(), ct);
        }

        var splits = new ArrayBufferWriter<byte>();
        CorporateActions.WriteSplits(splits, "IBM", CorporateActions.Splits("IBM").Where(s => s.EffectiveDate <= date));
        await PutAsync($"raw/corporate_actions/{Partition}/IBM.splits.json", splits.WrittenSpan.ToArray(), ct);
        var dividends = new ArrayBufferWriter<byte>();
        CorporateActions.WriteDividends(dividends, "IBM", CorporateActions.Dividends("IBM", date));
        await PutAsync($"raw/corporate_actions/{Partition}/IBM.dividends.json", dividends.WrittenSpan.ToArray(), ct);
    }

    private async Task PutAsync(string key, byte[] body, CancellationToken ct)
    {
        using var stream = new MemoryStream(body);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream }, ct);
    }

    private static IAmazonS3 LakeClientFactoryForTests(string endpoint) => JobHosting.Lake.LakeClientFactory.Create(new LakeSettings
    {
        BucketName = "unused",
        Region = SettingKeys.DefaultRegion,
        Endpoint = new Uri(endpoint),
    });

    public ValueTask DisposeAsync()
    {
        _s3.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>How a job run ended: its exit code, or the exception that escaped its host (exit -1).</summary>
public sealed record JobRun(int ExitCode, Exception? Crash);
