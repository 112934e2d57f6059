using System.Diagnostics.CodeAnalysis;
using MarketAspire.JobHosting.Storage;
using Npgsql;

namespace MarketAspire.Quality.Checks;

/// <summary>Runs a check's SQL (constants in each check, parameters only) and reads rows as text.</summary>
internal static class CheckQueries
{
    [SuppressMessage("Security", "CA2100", Justification = "Only the checks' SQL constants are passed; values travel as parameters.")]
    public static async Task<List<object?[]>> RowsAsync(CheckContext context, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, context.Connection);
        cmd.Parameters.AddWithValue("partition", context.Partition.Date);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object?[]>();
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        catch (NpgsqlException ex) when (WarehouseStatementTimeoutException.IsStatementTimeout(ex))
        {
            throw new WarehouseStatementTimeoutException($"checks on {context.Partition}", TimeSpan.FromSeconds(cmd.CommandTimeout), ex);
        }

        return rows;
    }

    public static async Task<long> CountAsync(CheckContext context, string sql, CancellationToken ct) =>
        Convert.ToInt64((await RowsAsync(context, sql, ct))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    public static string Describe(object? value) => value switch
    {
        null => "NULL",
        DateOnly d => d.ToString("yyyy-MM-dd"),
        DateTime d => d.ToString("yyyy-MM-dd"),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
