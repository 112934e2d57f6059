using System.Diagnostics.CodeAnalysis;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Warehouse.Curated;
using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// Where <c>curated_stock_prices</c>' time goes in the warehouse: each statement of its plan, its read of the planned
/// rows and its record, under <c>EXPLAIN (ANALYZE, BUFFERS)</c> in the order the job runs them, inside a transaction
/// that is rolled back (no file is written, the recorded factors stay as the job left them).
/// </summary>
internal static class CuratedPlans
{
    [SuppressMessage("Security", "CA2100", Justification = "Only CuratedSql and ParquetSeriesWriter constants are explained; values travel as parameters.")]
    public static async Task PrintAsync(string connectionString, DailyPartition partition, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var plan = Guid.NewGuid().ToString("D");
        var statements = CuratedPlan.PlanStatements
            .Append(ParquetSeriesWriter.AnalyzePlan).Append(ParquetSeriesWriter.PlannedRows)
            .Concat(CuratedPlan.RecordStatements);
        foreach (var (sql, step) in statements.Select((sql, i) => (sql, i)))
        {
            var explained = !sql.StartsWith("DROP ", StringComparison.Ordinal) && !sql.StartsWith("SET ", StringComparison.Ordinal);
            await using var cmd = new NpgsqlCommand(explained ? "EXPLAIN (ANALYZE, BUFFERS) " + sql : sql, connection, tx);
            cmd.Parameters.AddWithValue("partition", partition.Date);
            cmd.Parameters.AddWithValue("plan", plan);
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync();
            var first = sql.TrimStart().Split('\n')[0].Trim();
            Console.WriteLine($"plan: {name} statement {step}: {first[..Math.Min(first.Length, 100)]}");
            while (await reader.ReadAsync())
            {
                Console.WriteLine($"plan: {name} {step,2} {reader.GetString(0)}");
            }
        }

        await tx.RollbackAsync();
    }
}
