using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Catalog.Grid;
using MarketAspire.JobHosting.Records;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.Catalog.Data;

/// <summary>The catalog's reads, as its read-only user: the status grid (the Orchestrator's own query), histories, runs, prices.</summary>
public sealed class CatalogReader(NpgsqlDataSource dataSource, MetaStore meta, AssetGraphDefinition graph)
{
    public const int HistoryLimit = 200;

    /// <summary>The grid of the given partitions, with what is running now laid over it.</summary>
    public async Task<CatalogGrid> GridAsync(IReadOnlyList<DailyPartition> partitions, CancellationToken ct)
    {
        var grid = partitions.Count == 0
            ? new AssetStatusGrid(graph, partitions, [], [])
            : new AssetStatusGrid(graph, partitions,
                await meta.LatestMaterializationsAsync(partitions[0], partitions[^1], ct),
                await meta.LatestCheckEvaluationsAsync(partitions[0], partitions[^1], ct));
        return new CatalogGrid(grid, await RunningAsync(ct));
    }

    public async Task<IReadOnlyList<RunRecord>> RunningAsync(CancellationToken ct) => await RunsAsync(CatalogSql.RunningRuns, _ => { }, ct);

    public async Task<IReadOnlyList<RunRecord>> RunsAsync(int limit, int offset, CancellationToken ct) =>
        await RunsAsync(CatalogSql.Runs, p =>
        {
            p.AddWithValue("limit", limit);
            p.AddWithValue("offset", offset);
        }, ct);

    public async Task<IReadOnlyList<MaterializationRow>> MaterializationsAsync(AssetKey asset, DailyPartition? partition, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.Materializations);
        cmd.Parameters.AddWithValue("asset", asset.Name);
        AddPartition(cmd, partition);
        cmd.Parameters.AddWithValue("limit", HistoryLimit);
        var rows = new List<MaterializationRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new MaterializationRow(
                reader.GetString(0), new DailyPartition(reader.GetFieldValue<DateOnly>(1)), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), Json(reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<EvaluationRow>> EvaluationsAsync(string check, DailyPartition? partition, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.Evaluations);
        cmd.Parameters.AddWithValue("check", check);
        AddPartition(cmd, partition);
        cmd.Parameters.AddWithValue("limit", HistoryLimit);
        var rows = new List<EvaluationRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EvaluationRow(
                reader.GetString(0), new DailyPartition(reader.GetFieldValue<DateOnly>(1)), reader.GetString(2), reader.GetString(3),
                reader.GetBoolean(4), Json(reader.GetString(5)), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<string>> SymbolsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.Symbols);
        var symbols = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            symbols.Add(reader.GetString(0));
        }

        return symbols;
    }

    public async Task<bool> SymbolExistsAsync(string symbol, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.SymbolExists);
        cmd.Parameters.AddWithValue("symbol", symbol);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<IReadOnlyList<PricePoint>> PricesAsync(string symbol, DateOnly from, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.Prices);
        cmd.Parameters.AddWithValue("symbol", symbol);
        cmd.Parameters.AddWithValue("from", from);
        var points = new List<PricePoint>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points.Add(new PricePoint(reader.GetFieldValue<DateOnly>(0),
                reader.IsDBNull(1) ? null : reader.GetDecimal(1),
                reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                !reader.IsDBNull(4) && reader.GetBoolean(4)));
        }

        return points;
    }

    public async Task<IReadOnlyList<FailedCheck>> FailedChecksAsync(DateOnly from, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.FailedChecksOf);
        cmd.Parameters.AddWithValue("from", from);
        var failures = new List<FailedCheck>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var metadata = Json(reader.GetString(3));
            var row = new EvaluationRow("", default, "", reader.GetString(2), false, metadata, default);
            failures.Add(new FailedCheck(new DailyPartition(reader.GetFieldValue<DateOnly>(0)), reader.GetString(1), reader.GetString(2), row.Offending));
        }

        return failures;
    }

    /// <summary>Each asset's newest materialization, by asset name.</summary>
    public async Task<IReadOnlyDictionary<string, LatestStatus>> LatestPerAssetAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.LatestPerAsset);
        var latest = new Dictionary<string, LatestStatus>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            latest[reader.GetString(0)] = new LatestStatus(new DailyPartition(reader.GetFieldValue<DateOnly>(1)), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }

        return latest;
    }

    /// <summary>Each check's newest evaluation, by check name: status <c>passed</c>, or its severity when it failed.</summary>
    public async Task<IReadOnlyDictionary<string, LatestStatus>> LatestPerCheckAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.LatestPerCheck);
        var latest = new Dictionary<string, LatestStatus>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            latest[reader.GetString(0)] = new LatestStatus(new DailyPartition(reader.GetFieldValue<DateOnly>(1)),
                reader.GetBoolean(3) ? "passed" : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(4), null);
        }

        return latest;
    }

    /// <summary>The newest partition anything was materialized for, if any.</summary>
    public async Task<DailyPartition?> LatestPartitionAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CatalogSql.LatestPartition);
        return await cmd.ExecuteScalarAsync(ct) is DateOnly date ? new DailyPartition(date) : null;
    }

    private async Task<IReadOnlyList<RunRecord>> RunsAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        parameters(cmd.Parameters);
        var runs = new List<RunRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            runs.Add(MetaStore.ReadRun(reader));
        }

        return runs;
    }

    private static void AddPartition(NpgsqlCommand cmd, DailyPartition? partition) =>
        cmd.Parameters.Add(new NpgsqlParameter("partition", NpgsqlDbType.Date) { Value = partition is { } p ? p.Date : DBNull.Value });

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
