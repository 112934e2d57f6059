using MarketAspire.JobHosting.Configuration;
using System.Globalization;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.CorporateActions;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Sql;
using MarketAspire.Warehouse.Transform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MarketAspire.Tests.PointInTime;

/// <summary>
/// Runs scenarios through the warehouse's own fact step and corporate-actions load against the real PostgreSQL and S3
/// emulator (staging written as the COPY leaves it: the partition's rows replaced in one transaction under its lock),
/// and reads back every answer docs/data.md promises.
/// </summary>
internal sealed class WarehouseDriver : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NpgsqlDataSource _db;
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private int _runs;

    private WarehouseDriver(IHost host, NpgsqlDataSource db, IAmazonS3 s3, string bucket)
    {
        (_host, _db, _s3, _bucket) = (host, db, s3, bucket);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public NpgsqlDataSource Database => _db;

    public IAmazonS3 S3 => _s3;

    public string Bucket => _bucket;

    /// <summary>After each load that ran alone: when it ended, and the fact table the model expects then.</summary>
    public List<(DateTimeOffset At, Dictionary<(string, DateOnly), ModelVersion> Expected)> Checkpoints { get; } = [];

    /// <summary>The steps the warehouse accepted, in order: a landing date staging's retention had frozen is refused.</summary>
    public List<LoadStep> Accepted { get; } = [];

    /// <summary>Each refused step, with the newest landing date accepted before it (or beside it, when run concurrently).</summary>
    public List<(LoadStep Step, DateOnly NewestAccepted)> Refused { get; } = [];

    /// <param name="retentionDays">WAREHOUSE_STAGING_RETENTION_DAYS; the default when null.</param>
    public static async Task<WarehouseDriver> StartAsync(SharedServers servers, int? retentionDays = null)
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        if (retentionDays is { } days)
        {
            settings[SettingKeys.WarehouseStagingRetentionDays] = days.ToString(CultureInfo.InvariantCulture);
        }

        var builder = JobHarness.Builder(settings, "--partition", "2026-01-06");
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddWarehouseServices();
        return new WarehouseDriver(builder.Build(), JobHarness.DataSource(settings), (await servers.S3).CreateClient(), settings["S3_BUCKET_NAME"]!);
    }

    public async Task ResetAsync()
    {
        Checkpoints.Clear();
        Accepted.Clear();
        Refused.Clear();
        await ExecuteAsync(
            """
            UPDATE market_data.stg_retention SET frozen_before = '0001-01-01';
            TRUNCATE market_data.stg_stock_prices, market_data.stg_pending, market_data.fct_stock_prices, market_data.fct_stock_price_revisions,
                     market_data.fct_splits, market_data.fct_dividends, market_data.corporate_action_lists,
                     market_data.curated_years, market_data.curated_factors, market_data.curated_year_factors
            """);
        foreach (var old in (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = "curated/" }, Ct)).S3Objects ?? [])
        {
            await _s3.DeleteObjectAsync(_bucket, old.Key, Ct);
        }
    }

    /// <summary>Runs the scenario's steps (pairs marked concurrent at once), checkpointing after each step that ran alone.</summary>
    public async Task RunAsync(Scenario scenario)
    {
        var loaded = new Dictionary<DateOnly, LandingContent>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            var steps = step.WithNext ? [step, scenario.Steps[++i]] : new[] { step };
            var accepted = await Task.WhenAll(steps.Select(s => TryLoadAsync(s.Landing, s.Content)));
            var newest = Accepted.Select(a => a.Landing).Concat(steps.Where((_, n) => accepted[n]).Select(s => s.Landing)).DefaultIfEmpty(DateOnly.MinValue).Max();
            for (var n = 0; n < steps.Length; n++)
            {
                if (accepted[n])
                {
                    Accepted.Add(steps[n]);
                    loaded[steps[n].Landing] = steps[n].Content;
                }
                else
                {
                    Refused.Add((steps[n], newest));
                }
            }

            if (steps.Length == 1 && accepted[0])
            {
                Checkpoints.Add((DateTimeOffset.UtcNow, new ReferenceModel(loaded).PricesAsOf(DateOnly.MaxValue)));
            }
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = _db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Loads a landing date, or reports that staging's retention refused it (then nothing of it is loaded).</summary>
    private async Task<bool> TryLoadAsync(DateOnly landing, LandingContent content)
    {
        try
        {
            await LoadAsync(landing, content);
            return true;
        }
        catch (StagingFrozenException)
        {
            return false;
        }
    }

    public async Task LoadAsync(DateOnly landing, LandingContent content)
    {
        await StageAsync(landing, content);
        await ApplyFactAsync(landing);
        await LoadCorporateActionsAsync(landing, content);
    }

    /// <summary>curated_stock_prices for the landing date, as the warehouse job runs it after the fact and corporate-actions steps.</summary>
    public Task<Warehouse.Curated.CuratedResult> ExportCuratedAsync(DateOnly landing) =>
        _host.Services.GetRequiredService<Warehouse.Curated.CuratedExport>().ExportAsync(new DailyPartition(landing), Ct);

    public Task<FactResult> ApplyFactAsync(DateOnly landing) =>
        _host.Services.GetRequiredService<FactTransform>().ApplyAsync(new DailyPartition(landing), Ct);

    public async Task<CorporateActionsLoad> LoadCorporateActionsAsync(DateOnly landing, LandingContent content)
    {
        await LandCorporateActionsAsync(landing, content);
        return await _host.Services.GetRequiredService<CorporateActionsLoader>().LoadAsync(new DailyPartition(landing), $"run-{Interlocked.Increment(ref _runs)}", Ct);
    }

    /// <summary>Replaces the landing date's staged rows, as the COPY step does: in one transaction under the partition's staging lock.</summary>
    public async Task StageAsync(DateOnly landing, LandingContent content) => await StageAsync(landing, content, beforeCommit: null);

    /// <summary>As <see cref="StageAsync(DateOnly, LandingContent)"/>, awaiting <paramref name="beforeCommit"/> with the transaction still open.</summary>
    public async Task StageAsync(DateOnly landing, LandingContent content, Func<Task>? beforeCommit)
    {
        var partition = new DailyPartition(landing);
        await using var connection = await _db.OpenConnectionAsync(Ct);
        await using var tx = await connection.BeginTransactionAsync(Ct);
        await using (var lockStaging = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@table), @day)", connection, tx))
        {
            lockStaging.Parameters.AddWithValue("table", WarehouseSql.StagingTable);
            lockStaging.Parameters.AddWithValue("day", partition.Date.DayNumber);
            await lockStaging.ExecuteNonQueryAsync(Ct);
        }

        await _host.Services.GetRequiredService<IWarehouseDialect>().LockRetentionAsync(connection, tx, moving: false, Ct);
        _host.Services.GetRequiredService<StagingRetention>().ThrowIfFrozen("stg_stock_prices", partition, await StagingRetention.FrozenBeforeAsync(connection, tx, Ct));
        await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DeleteStagingPartition, partition, Ct);
        await PartitionCommand.ExecuteAsync(connection, tx, StagingRetentionSql.ClearPending, partition, Ct);
        await PartitionCommand.ExecuteAsync(connection, tx, StagingRetentionSql.MarkPending, partition, Ct);

        foreach (var ((symbol, date), bar) in content.Bars)
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {WarehouseSql.StagingTable} ({WarehouseSql.StagingColumns}) VALUES (@partition, @symbol, @date, @open, @high, @low, @close, @volume, @key, @version, @run, @provisional)",
                connection, tx);
            insert.Parameters.AddWithValue("partition", partition.Date);
            insert.Parameters.AddWithValue("symbol", symbol);
            insert.Parameters.AddWithValue("date", date);
            insert.Parameters.AddWithValue("open", (object?)bar.Open ?? DBNull.Value);
            insert.Parameters.AddWithValue("high", (object?)bar.High ?? DBNull.Value);
            insert.Parameters.AddWithValue("low", (object?)bar.Low ?? DBNull.Value);
            insert.Parameters.AddWithValue("close", (object?)bar.Close ?? DBNull.Value);
            insert.Parameters.AddWithValue("volume", (object?)bar.Volume ?? DBNull.Value);
            insert.Parameters.AddWithValue("key", $"raw/stock_data/{partition}/{symbol}.json");
            insert.Parameters.AddWithValue("version", "v");
            insert.Parameters.AddWithValue("run", "r");
            insert.Parameters.AddWithValue("provisional", bar.Provisional);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        if (beforeCommit is not null)
        {
            await beforeCommit();
        }

        await tx.CommitAsync(Ct);
    }

    private async Task LandCorporateActionsAsync(DateOnly landing, LandingContent content)
    {
        var prefix = $"raw/corporate_actions/{landing:yyyy-MM-dd}/";
        foreach (var old in (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix }, Ct)).S3Objects ?? [])
        {
            await _s3.DeleteObjectAsync(_bucket, old.Key, Ct);
        }

        foreach (var (symbol, splits) in content.Splits.Where(s => s.Value is not null))
        {
            var entries = splits!.Select(s => $$"""{"effective_date": "{{s.EffectiveDate:yyyy-MM-dd}}", "split_factor": "{{s.Factor.ToString(CultureInfo.InvariantCulture)}}"}""");
            await PutAsync($"{prefix}{symbol}.splits.json", $$"""{"symbol": "{{symbol}}", "data": [{{string.Join(", ", entries)}}]}""");
        }

        foreach (var (symbol, dividends) in content.Dividends.Where(s => s.Value is not null))
        {
            var entries = dividends!.Select(d =>
                $$"""{"ex_dividend_date": "{{d.ExDate:yyyy-MM-dd}}", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "{{d.Amount.ToString(CultureInfo.InvariantCulture)}}"}""");
            await PutAsync($"{prefix}{symbol}.dividends.json", $$"""{"symbol": "{{symbol}}", "data": [{{string.Join(", ", entries)}}]}""");
        }
    }

    private async Task PutAsync(string key, string body)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = stream }, Ct);
    }

    /// <summary>Every version the versions view answers as of a landing date (several for one key is a defect the caller reports).</summary>
    public Task<List<(string Symbol, DateOnly Date, BarValues Values, DateOnly PartitionDate)>> VersionsAsOfLandingAsync(DateOnly asOf) =>
        VersionsAsync("partition_date <= @at AND (superseded_by_partition IS NULL OR superseded_by_partition > @at)", asOf);

    public Task<List<(string Symbol, DateOnly Date, BarValues Values, DateOnly PartitionDate)>> VersionsAsOfLoadTimeAsync(DateTimeOffset at) =>
        VersionsAsync("loaded_at <= @at AND (superseded_at IS NULL OR superseded_at > @at)", at.ToUniversalTime());

    public Task<List<(string Symbol, DateOnly Date, BarValues Values, DateOnly PartitionDate)>> CurrentRowsAsync() =>
        ReadAsync("SELECT symbol, price_date, \"open\", high, low, close, volume, provisional, partition_date FROM market_data.fct_stock_prices", null, ReadVersion);

    /// <summary>Every load time at which some version began or ended: the instants where two versions could overlap.</summary>
    public Task<List<DateTimeOffset>> LoadTimesAsync() =>
        ReadAsync("SELECT loaded_at FROM market_data.stock_price_versions UNION SELECT superseded_at FROM market_data.fct_stock_price_revisions", null, r => r.GetFieldValue<DateTimeOffset>(0));

    public Task<List<(string Symbol, Split Split)>> SplitsAsOfAsync(DateOnly asOf) => ReadAsync(
        "SELECT symbol, effective_date, split_factor FROM market_data.fct_splits WHERE partition_date <= @at AND (superseded_by_partition IS NULL OR superseded_by_partition > @at)",
        asOf, r => (r.GetString(0), new Split(r.GetFieldValue<DateOnly>(1), Normalized(r.GetDecimal(2)))));

    public Task<List<(string Symbol, Dividend Dividend)>> DividendsAsOfAsync(DateOnly asOf) => ReadAsync(
        "SELECT symbol, ex_dividend_date, amount FROM market_data.fct_dividends WHERE partition_date <= @at AND (superseded_by_partition IS NULL OR superseded_by_partition > @at)",
        asOf, r => (r.GetString(0), new Dividend(r.GetFieldValue<DateOnly>(1), Normalized(r.GetDecimal(2)))));

    /// <summary>The current adjusted series of a symbol, from the view.</summary>
    public async Task<List<AdjustedBar>> AdjustedViewAsync(string symbol)
    {
        await using var cmd = _db.CreateCommand(
            "SELECT price_date, split_factor, close_split_adjusted, dividend_factor, close_total_return FROM market_data.stock_prices_adjusted WHERE symbol = @symbol ORDER BY price_date");
        cmd.Parameters.AddWithValue("symbol", symbol);
        return await ReadAdjustedAsync(cmd);
    }

    /// <summary>A symbol's adjusted series as of a landing date, from the documented as-of query.</summary>
    public async Task<List<AdjustedBar>> AdjustedAsOfAsync(string symbol, DateOnly asOf)
    {
        await using var cmd = _db.CreateCommand(AdjustedAsOfSql.Series);
        cmd.Parameters.AddWithValue("symbol", symbol);
        cmd.Parameters.AddWithValue("as_of", asOf);
        return await ReadAdjustedAsync(cmd);
    }

    /// <summary>The reconciliation check's "staged but not the version as of its landing date" rows for a landing date.</summary>
    public async Task<long> ReconciliationMissesAsync(DateOnly landing)
    {
        var statement = new Quality.Checks.ReconciliationCheck().Statements[2];
        return (await ReadAsync(statement, landing, r => r.GetString(0))).Count;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _db.DisposeAsync();
        _s3.Dispose();
    }

    private static async Task<List<AdjustedBar>> ReadAdjustedAsync(NpgsqlCommand cmd)
    {
        var bars = new List<AdjustedBar>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        var (date, split, closeAdjusted, dividend, totalReturn) = (reader.GetOrdinal("price_date"), reader.GetOrdinal("split_factor"),
            reader.GetOrdinal("close_split_adjusted"), reader.GetOrdinal("dividend_factor"), reader.GetOrdinal("close_total_return"));
        while (await reader.ReadAsync(Ct))
        {
            bars.Add(new AdjustedBar(reader.GetFieldValue<DateOnly>(date), reader.GetDouble(split), reader.IsDBNull(closeAdjusted) ? null : reader.GetDecimal(closeAdjusted),
                reader.GetDouble(dividend), reader.IsDBNull(totalReturn) ? null : reader.GetDecimal(totalReturn)));
        }

        return bars;
    }

    private Task<List<(string Symbol, DateOnly Date, BarValues Values, DateOnly PartitionDate)>> VersionsAsync(string where, object at) =>
        ReadAsync($"SELECT symbol, price_date, \"open\", high, low, close, volume, provisional, partition_date FROM market_data.stock_price_versions WHERE {where}", at, ReadVersion);

    private static (string, DateOnly, BarValues, DateOnly) ReadVersion(NpgsqlDataReader r) =>
        (r.GetString(0), r.GetFieldValue<DateOnly>(1),
         new BarValues(Decimal(r, 2), Decimal(r, 3), Decimal(r, 4), Decimal(r, 5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetBoolean(7)),
         r.GetFieldValue<DateOnly>(8));

    private static decimal? Decimal(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Normalized(r.GetDecimal(i));

    /// <summary>The same value without trailing zeros (NUMERIC(38,18) reads back as 4.000000000000000000).</summary>
    private static decimal Normalized(decimal value) => value / 1.0000000000000000000000000000m;

    private async Task<List<T>> ReadAsync<T>(string sql, object? at, Func<NpgsqlDataReader, T> read)
    {
        await using var cmd = _db.CreateCommand(sql);
        if (at is not null)
        {
            cmd.Parameters.AddWithValue(sql.Contains("@partition", StringComparison.Ordinal) ? "partition" : "at", at);
        }

        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var cmd = _db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
