using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// Where the fact step's time goes: each of its statements under <c>EXPLAIN (ANALYZE, BUFFERS)</c>, in the order the
/// job runs them, inside a transaction that is rolled back (the table is left as the job left it). The job skips the
/// steps the staged-key counts show have nothing to do; all are explained here.
/// </summary>
internal static class FactPlans
{
    [SuppressMessage("Security", "CA2100", Justification = "Only WarehouseSql and VersionRebuildSql constants are explained; values travel as parameters.")]
    /// <param name="fresh">Explain the statements against an emptied fact table (the fresh load), not the loaded one.</param>
    public static async Task PrintAsync(string connectionString, string partition, string name, bool fresh = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        // The session settings and the temp table are set up as the job does; the statements that touch rows are explained.
        (string Step, string Sql, bool Explain)[] steps =
        [
            ("settings", Warehouse.Loading.PostgresDialect.FactStepSettings, false),
            .. fresh ? [("empty the fact table", "TRUNCATE market_data.fct_stock_prices", false)] : Array.Empty<(string, string, bool)>(),
            ("count staged keys", WarehouseSql.CountStagedKeys, true),
            ("create rebuild keys", VersionRebuildSql.CreateRebuildKeys, false),
            ("keys staged later", VersionRebuildSql.FindKeysStagedLater, true),
            ("keys current later", VersionRebuildSql.FindKeysCurrentFromLater, true),
            ("keys re-delivered", VersionRebuildSql.FindKeysRedelivered, true),
            ("current unstaged", VersionRebuildSql.FindCurrentNoLongerStaged, true),
            ("revisions here", VersionRebuildSql.FindRevisionsStartingHere, true),
            ("create changed keys", WarehouseSql.CreateChangedKeys, false),
            ("find changed keys", WarehouseSql.FindChangedKeys, true),
            ("archive changed", WarehouseSql.ArchiveChangedRows, true),
            ("delete changed", WarehouseSql.DeleteChangedRows, true),
            ("insert", WarehouseSql.InsertFact, true),
        ];
        foreach (var (step, sql, explained) in steps)
        {
            var explain = explained ? "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + sql : sql;
            await using var cmd = new NpgsqlCommand(explain, connection, tx);
            cmd.Parameters.AddWithValue("partition", DateOnly.Parse(partition, CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("loaded_at", DateTimeOffset.UtcNow);
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine($"plan: {name,-6} {step,-19} {reader.GetString(0)}");
            }
        }

        await tx.RollbackAsync();
    }
}
