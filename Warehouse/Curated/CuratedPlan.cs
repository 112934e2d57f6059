using MarketAspire.AssetGraph.Partitions;
using Npgsql;

namespace MarketAspire.Warehouse.Curated;

/// <summary>One symbol-year of the curated files: <c>curated/stock_prices/symbol=S/year=Y/</c>.</summary>
public readonly record struct SymbolYear(string Symbol, int Year);

/// <summary>The symbol-years a curated run rewrites, and the symbols among them it rewrites whole, under the attempt's id.</summary>
public sealed record CuratedPlan(string Id, IReadOnlyList<SymbolYear> Years, IReadOnlySet<string> WholeSymbols)
{
    /// <summary>The statements that plan a run, in order (parameters <c>@partition</c>, <c>@plan</c>).</summary>
    public static readonly IReadOnlyList<string> PlanStatements =
        [CuratedSql.ChangedYears, CuratedSql.CreateCurrentFactors, CuratedSql.WholeSymbols, CuratedSql.WholeSymbolYears, CuratedSql.SnapshotFactors, CuratedSql.YearFactors, CuratedSql.DropCurrentFactors];

    /// <summary>The statements that record a run once its files are written, in order.</summary>
    public static readonly IReadOnlyList<string> RecordStatements = [CuratedSql.ForgetFactors, CuratedSql.RecordFactors, CuratedSql.ClearYearFactors, CuratedSql.ClearYears];

    /// <summary>
    /// Plans the partition's run inside the export's transaction: the factor ranges of each planned year, as they are
    /// now, are what its files are written from (<c>market_data.curated_year_factors</c>), and the factors of the
    /// symbols rewritten whole are kept to be recorded with them, so a factor another step changes while the files are
    /// written makes the next run rewrite the symbol whole.
    /// </summary>
    public static async Task<CuratedPlan> MakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DailyPartition partition, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("D");
        foreach (var sql in PlanStatements)
        {
            await ExecuteAsync(connection, transaction, sql, partition, id, ct);
        }

        var years = new List<SymbolYear>();
        var whole = new HashSet<string>(StringComparer.Ordinal);
        await using var read = new NpgsqlCommand(CuratedSql.Years, connection, transaction);
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

    /// <summary>Once the files are in place: the snapshot becomes the factors they were written with; the plan's rows go.</summary>
    public async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DailyPartition partition, CancellationToken ct)
    {
        foreach (var sql in RecordStatements)
        {
            await ExecuteAsync(connection, transaction, sql, partition, Id, ct);
        }
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
