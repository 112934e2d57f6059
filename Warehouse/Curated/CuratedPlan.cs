using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Curated;

/// <summary>One symbol-year of the curated files: <c>curated/stock_prices/symbol=S/year=Y/</c>.</summary>
public readonly record struct SymbolYear(string Symbol, int Year);

/// <summary>The symbol-years a curated run rewrites, and the symbols among them it rewrites whole.</summary>
public sealed record CuratedPlan(IReadOnlyList<SymbolYear> Years, IReadOnlySet<string> WholeSymbols)
{
    /// <summary>Plans the partition's run (one transaction: a retried run plans again from the same state).</summary>
    public static async Task<CuratedPlan> MakeAsync(NpgsqlConnection connection, DailyPartition partition, CancellationToken ct)
    {
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            foreach (var sql in new[] { CuratedSql.ClearYears, CuratedSql.ChangedYears, CuratedSql.WholeSymbols, CuratedSql.WholeSymbolYears })
            {
                await PartitionCommand.ExecuteAsync(connection, transaction, sql, partition, ct);
            }

            await transaction.CommitAsync(ct);
        }

        var years = new List<SymbolYear>();
        var whole = new HashSet<string>(StringComparer.Ordinal);
        await using var read = new NpgsqlCommand(CuratedSql.Years, connection);
        read.Parameters.AddWithValue("partition", partition.Date);
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

        return new CuratedPlan(years, whole);
    }

    /// <summary>Once the files are in place: the factors they were written with.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, DailyPartition partition, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var sql in new[] { CuratedSql.ForgetFactors, CuratedSql.RecordFactors })
        {
            await PartitionCommand.ExecuteAsync(connection, transaction, sql, partition, ct);
        }

        await transaction.CommitAsync(ct);
    }
}
