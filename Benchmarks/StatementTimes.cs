using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// The server's own account of where a day's time went, statement by statement (<c>pg_stat_statements</c>, loaded by the
/// benchmark's server): reset before the day, read after it, for the benchmark's database only.
/// </summary>
internal static class StatementTimes
{
    public const string ServerOptions = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on -c pg_stat_statements.max=5000";

    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()", connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Milliseconds of execution (planning too, when the server tracks it) per statement text, whitespace folded, this database only.</summary>
    public static async Task<Dictionary<string, double>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT regexp_replace(query, '\s+', ' ', 'g'), sum(total_exec_time + total_plan_time)
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
            GROUP BY 1
            """, connection);
        var times = new Dictionary<string, double>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            times[reader.GetString(0)] = reader.GetDouble(1);
        }

        return times;
    }
}
