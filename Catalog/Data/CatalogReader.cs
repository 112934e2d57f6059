using MarketAspire.JobHosting.Configuration;
using System.Text.Json;
using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Catalog.Grid;
using MarketAspire.JobHosting.Records;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.Catalog.Data;

/// <summary>The catalog's reads, as its read-only user: the status grid and the runs (the Orchestrator's own queries), histories, prices.</summary>
/// <remarks>The grid's overdue window is the sensor's lookback from <paramref name="settings"/> (the catalog's host registers them).</remarks>
public sealed class CatalogReader(NpgsqlDataSource dataSource, MetaStore meta, AssetGraphDefinition graph, TimeProvider? time = null, CatalogSettings? settings = null)
{
    public const int HistoryLimit = 200;

    /// <summary>The grid of the given partitions (ascending), with what is running now laid over it; overdue as the sensor judges it.</summary>
    public async Task<CatalogGrid> GridAsync(IReadOnlyList<DailyPartition> partitions, CancellationToken ct) =>
        new(await StatusReader.ReadAsync(meta, graph, partitions, ct,
            new FreshnessLookback((time ?? TimeProvider.System).GetUtcNow(), settings?.FreshnessLookbackDays ?? FreshnessEvaluator.DefaultLookbackTradingDays)), await RunningAsync(ct));

    public Task<IReadOnlyList<RunRecord>> RunningAsync(CancellationToken ct) =>
        ListAsync(CatalogSql.RunningRuns, _ => { }, MetaStore.ReadRun, ct);

    public Task<IReadOnlyList<RunRecord>> RunsAsync(int limit, int offset, CancellationToken ct) => meta.RecentRunsAsync(limit, ct, offset);

    public Task<IReadOnlyList<MaterializationRow>> MaterializationsAsync(AssetKey asset, DailyPartition? partition, CancellationToken ct) =>
        ListAsync(CatalogSql.Materializations, p =>
        {
            p.AddWithValue("asset", asset.Name);
            AddPartition(p, partition);
            p.AddWithValue("limit", HistoryLimit);
        }, r => ReadMaterialization(r, 0), ct);

    public Task<IReadOnlyList<EvaluationRow>> EvaluationsAsync(string check, DailyPartition? partition, CancellationToken ct) =>
        ListAsync(CatalogSql.Evaluations, p =>
        {
            p.AddWithValue("check", check);
            AddPartition(p, partition);
            p.AddWithValue("limit", HistoryLimit);
        }, r => ReadEvaluation(r, 0), ct);

    /// <summary>Each asset's newest materialization of the partition (or of any partition, when null), by asset name.</summary>
    public async Task<IReadOnlyDictionary<string, MaterializationRow>> LatestMaterializationsAsync(DailyPartition? partition, CancellationToken ct) =>
        (await ListAsync(CatalogSql.LatestMaterializations, p => AddPartition(p, partition), r => (Asset: r.GetString(0), Row: ReadMaterialization(r, 1)), ct))
        .ToDictionary(e => e.Asset, e => e.Row);

    /// <summary>Each check's newest evaluation on the partition (or on any partition, when null), by check name.</summary>
    public async Task<IReadOnlyDictionary<string, EvaluationRow>> LatestEvaluationsAsync(DailyPartition? partition, CancellationToken ct) =>
        (await ListAsync(CatalogSql.LatestEvaluations, p => AddPartition(p, partition), r => (Check: r.GetString(0), Row: ReadEvaluation(r, 1)), ct))
        .ToDictionary(e => e.Check, e => e.Row);

    public Task<IReadOnlyList<string>> SymbolsAsync(CancellationToken ct) =>
        ListAsync(meta.Dialect == WarehouseDialect.Postgres ? CatalogSql.SymbolsByProbes : CatalogSql.Symbols, _ => { }, r => r.GetString(0), ct);

    public Task<IReadOnlyList<PricePoint>> PricesAsync(string symbol, DateOnly from, CancellationToken ct) =>
        ListAsync(CatalogSql.Prices, p =>
        {
            p.AddWithValue("symbol", symbol);
            p.AddWithValue("from", from);
        }, r => new PricePoint(r.GetFieldValue<DateOnly>(0),
            r.IsDBNull(1) ? null : r.GetDecimal(1),
            r.IsDBNull(2) ? null : r.GetDecimal(2),
            r.IsDBNull(3) ? null : r.GetDecimal(3),
            !r.IsDBNull(4) && r.GetBoolean(4)), ct);

    public Task<IReadOnlyList<FailedCheck>> FailedChecksAsync(DateOnly from, CancellationToken ct) =>
        ListAsync(CatalogSql.FailedChecksOf, p => p.AddWithValue("from", from), r => new FailedCheck(
            new DailyPartition(r.GetFieldValue<DateOnly>(0)), r.GetString(1), r.GetString(2), EvaluationRow.OffendingOf(Json(r.GetString(3)))), ct);

    /// <summary>The latest lists' securities that pass the filters (null: no filter), at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<SecurityRow>> UniverseAsync(DateOnly? date, string? status, string? exchange, string? assetType, int limit, CancellationToken ct) =>
        ListAsync(SecuritiesCatalogSql.Universe, p =>
        {
            p.Add(new NpgsqlParameter("date", NpgsqlDbType.Date) { Value = date is { } d ? d : DBNull.Value });
            p.Add(new NpgsqlParameter("status", NpgsqlDbType.Varchar) { Value = (object?)status ?? DBNull.Value });
            p.Add(new NpgsqlParameter("exchange", NpgsqlDbType.Varchar) { Value = (object?)exchange ?? DBNull.Value });
            p.Add(new NpgsqlParameter("asset_type", NpgsqlDbType.Varchar) { Value = (object?)assetType ?? DBNull.Value });
            p.AddWithValue("limit", limit);
        }, r => new SecurityRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Date(r, 4), Date(r, 5), r.GetString(6)), ct);

    /// <summary>The exchanges and asset types the latest lists hold, for the filters.</summary>
    public async Task<(IReadOnlyList<string> Exchanges, IReadOnlyList<string> AssetTypes)> UniverseChoicesAsync(CancellationToken ct)
    {
        var choices = await ListAsync(SecuritiesCatalogSql.Choices, _ => { }, r => (Kind: r.GetString(0), Value: r.GetString(1)), ct);
        return ([.. choices.Where(c => c.Kind == "exchange").Select(c => c.Value).Order(StringComparer.Ordinal)],
            [.. choices.Where(c => c.Kind == "asset_type").Select(c => c.Value).Order(StringComparer.Ordinal)]);
    }

    /// <summary>Every version of a symbol in the security master, oldest first.</summary>
    public Task<IReadOnlyList<SecurityRow>> ListingHistoryAsync(string symbol, CancellationToken ct) =>
        ListAsync(SecuritiesCatalogSql.ListingHistory, p => p.AddWithValue("symbol", symbol), r => new SecurityRow(
            symbol, r.GetString(1), r.GetString(2), r.GetString(3), Date(r, 4), Date(r, 5), r.GetString(0), Date(r, 6), Date(r, 7)), ct);

    /// <summary>The verdicts of the freshness sensor's latest evaluation (none before its first).</summary>
    public Task<IReadOnlyList<SensorVerdict>> LatestSensorVerdictsAsync(CancellationToken ct) =>
        ListAsync(OperationsCatalogSql.LatestEvaluation, _ => { }, r => new SensorVerdict(
            r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetFieldValue<DateOnly>(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4)), ct);

    /// <summary>The alerts open now, newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<OpenAlert>> OpenAlertsAsync(int limit, CancellationToken ct) =>
        ListAsync(OperationsCatalogSql.OpenAlerts, p => p.AddWithValue("limit", limit), r => new OpenAlert(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), ct);

    private static DateOnly? Date(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateOnly>(ordinal);

    /// <summary>The newest partition anything was materialized for, if any.</summary>
    public async Task<DailyPartition?> LatestPartitionAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.LatestPartition);
        return await cmd.ExecuteScalarAsync(ct) is DateOnly date ? new DailyPartition(date) : null;
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, Action<NpgsqlParameterCollection> parameters, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        parameters(cmd.Parameters);
        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A materialization from its columns (<c>CatalogSql</c>'s materialization columns) starting at <paramref name="at"/>.</summary>
    private static MaterializationRow ReadMaterialization(NpgsqlDataReader r, int at) => new(
        r.GetString(at), new DailyPartition(r.GetFieldValue<DateOnly>(at + 1)), r.GetString(at + 2),
        r.GetFieldValue<DateTimeOffset>(at + 3), r.GetFieldValue<DateTimeOffset>(at + 4),
        r.IsDBNull(at + 5) ? null : r.GetString(at + 5), r.GetString(at + 6), Json(r.GetString(at + 7)),
        r.IsDBNull(at + 8) ? null : r.GetString(at + 8));

    /// <summary>An evaluation from its columns (<c>CatalogSql</c>'s evaluation columns) starting at <paramref name="at"/>.</summary>
    private static EvaluationRow ReadEvaluation(NpgsqlDataReader r, int at) => new(
        r.GetString(at), new DailyPartition(r.GetFieldValue<DateOnly>(at + 1)), r.GetString(at + 2), r.GetString(at + 3),
        r.GetBoolean(at + 4), Json(r.GetString(at + 5)), r.GetFieldValue<DateTimeOffset>(at + 6));

    private static void AddPartition(NpgsqlParameterCollection parameters, DailyPartition? partition) =>
        parameters.Add(new NpgsqlParameter("partition", NpgsqlDbType.Date) { Value = partition is { } p ? p.Date : DBNull.Value });

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
