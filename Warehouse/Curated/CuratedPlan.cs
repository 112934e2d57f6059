using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Warehouse.Loading;
using Npgsql;

namespace MarketAspire.Warehouse.Curated;

/// <summary>One symbol-year of the curated files: <c>curated/stock_prices/symbol=S/year=Y/</c>.</summary>
public readonly record struct SymbolYear(string Symbol, int Year);

/// <summary>The symbol-years a curated run rewrites, and the symbols among them it rewrites whole, under the attempt's id.</summary>
public sealed record CuratedPlan(string Id, IReadOnlyList<SymbolYear> Years, IReadOnlySet<string> WholeSymbols)
{
    /// <summary>Plans the partition's run (one transaction: a retried run plans again from the same state).</summary>
    public static async Task<CuratedPlan> MakeAsync(NpgsqlConnection connection, IWarehouseDialect dialect, DailyPartition partition, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("D");
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await dialect.LockAsync(connection, transaction, CuratedSql.FactorsTable, partition, ct);
            foreach (var sql in new[] { CuratedSql.ChangedYears, CuratedSql.WholeSymbols, CuratedSql.WholeSymbolYears })
            {
                await ExecuteAsync(connection, transaction, sql, partition, id, ct);
            }

            await transaction.CommitAsync(ct);
        }

        var years = new List<SymbolYear>();
        var whole = new HashSet<string>(StringComparer.Ordinal);
        await using var read = new NpgsqlCommand(CuratedSql.Years, connection);
        read.Parameters.AddWithValue("plan", id);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var year = new SymbolYear(reader.GetString(0), reader.GetInt32(1));
            if (year.Year == CuratedSql.WholeSymbol)
            {
                whole.Add(year.Symbol);
            }
            else
            {
                years.Add(year);
            }
        }

        return new CuratedPlan(id, years, whole);
    }

    /// <summary>Once the files are in place: the factors they were written with; the plan's rows go.</summary>
    public async Task RecordAsync(NpgsqlConnection connection, IWarehouseDialect dialect, DailyPartition partition, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, transaction, CuratedSql.FactorsTable, partition, ct);
        foreach (var sql in new[] { CuratedSql.ForgetFactors, CuratedSql.RecordFactors, CuratedSql.ClearYears })
        {
            await ExecuteAsync(connection, transaction, sql, partition, Id, ct);
        }

        await transaction.CommitAsync(ct);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only CuratedSql constants are passed; values travel as parameters.")]
    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, DailyPartition partition, string plan, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, transaction);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        cmd.Parameters.AddWithValue("plan", plan);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
