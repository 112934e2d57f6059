using Npgsql;

namespace MarketAspire.Tests.Faults;

/// <summary>
/// Every table of <c>market_data</c>, row by row, without the columns that record which run wrote a row and when
/// (<c>run_id</c>, <c>*_at</c>): what a re-run must reproduce exactly. <c>curated_years</c> is left out: it is a run's
/// plan (what that run rewrote depends on what the runs before it wrote); the files it plans are compared in the lake.
/// </summary>
public sealed record WarehouseState(IReadOnlyDictionary<string, string> Tables)
{
    private const string TablesQuery =
        """
        SELECT c.table_name, string_agg(quote_ident(c.column_name) || '::text', ', ' ORDER BY c.ordinal_position)
        FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'market_data' AND c.table_name <> 'curated_years' AND c.column_name <> 'run_id' AND c.column_name NOT LIKE '%\_at'
        GROUP BY c.table_name ORDER BY c.table_name
        """;

    public static async Task<WarehouseState> ReadAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var columns = new List<(string Table, string Columns)>();
        await using (var cmd = new NpgsqlCommand(TablesQuery, connection))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (table, list) in columns)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT COALESCE(string_agg(r, E'\\n' ORDER BY r), '') FROM (SELECT concat_ws('|', {list}) AS r FROM market_data.{table}) x", connection);
            tables[table] = (string)(await cmd.ExecuteScalarAsync(ct))!;
        }

        return new WarehouseState(tables);
    }

    /// <summary>The tables that are neither as <paramref name="before"/> nor as <paramref name="after"/>: half-written.</summary>
    public IReadOnlyList<string> InBetween(WarehouseState before, WarehouseState after) =>
        [.. Tables.Keys.Where(t => Tables[t] != before.Tables.GetValueOrDefault(t) && Tables[t] != after.Tables.GetValueOrDefault(t))];

    public IReadOnlyList<string> DifferentFrom(WarehouseState other) =>
        [.. Tables.Keys.Union(other.Tables.Keys).Where(t => Tables.GetValueOrDefault(t) != other.Tables.GetValueOrDefault(t))];
}
