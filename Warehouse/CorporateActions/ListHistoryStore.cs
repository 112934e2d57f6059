using System.Diagnostics.CodeAnalysis;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Lake;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.Warehouse.CorporateActions;

/// <summary>Where a list came from: the landing date's object, the run that loaded it, and when.</summary>
internal sealed record ListLineage(string SourceKey, string SourceVersion, string RunId, DateTimeOffset LoadedAt);

/// <summary>
/// Registers one landing date's SPLITS or DIVIDENDS list of a symbol and rebuilds that list's versions: read, replaced
/// in memory with <see cref="ListHistory"/>, written back whole. Runs inside the caller's transaction and lock.
/// </summary>
internal static class ListHistoryStore
{
    public const string Counted = "list";
    public const string Empty = "empty";
    public const string Rejected = "rejected";

    /// <summary>
    /// The (symbol, list) pairs registered for a landing date: a re-run whose partition no longer holds one of those
    /// objects withdraws that landing date's list (<see cref="ApplyAsync"/> with no lineage).
    /// </summary>
    public static async Task<List<(string Symbol, string List)>> ListsOfLandingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, CancellationToken ct)
    {
        var lists = new List<(string, string)>();
        await using var cmd = new NpgsqlCommand(CorporateActionsSql.ListsOfLanding, connection, tx);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            lists.Add((reader.GetString(0), reader.GetString(1)));
        }

        return lists;
    }

    /// <param name="lineage">The object's lineage; null when the landing date no longer holds an object for the list.</param>
    public static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ParsedActions parsed, DailyPartition partition, ListLineage? lineage, CancellationToken ct)
    {
        var outcome = lineage is null ? null : parsed.ObjectError is not null ? Rejected : parsed.Rows == 0 ? Empty : Counted;
        var counted = await CountedAsync(connection, tx, parsed, ct);
        counted.Remove(partition.Date);
        if (outcome == Counted)
        {
            counted[partition.Date] = lineage!;
        }

        await using (var delete = Command(connection, tx, CorporateActionsSql.DeleteListLanding, parsed, partition))
        {
            await delete.ExecuteNonQueryAsync(ct);
        }

        if (outcome is not null)
        {
            await using var insert = Command(connection, tx, CorporateActionsSql.InsertListLanding, parsed, partition);
            insert.Parameters.AddWithValue("outcome", outcome);
            insert.Parameters.AddWithValue("entries", parsed.Rows);
            AddLineage(insert, lineage!, "");
            await insert.ExecuteNonQueryAsync(ct);
        }

        if (parsed.Kind == CorporateActionKind.Splits)
        {
            var versions = await ReadAsync(connection, tx, CorporateActionsSql.SplitVersions, parsed, r =>
                new EntryVersion<SplitRow>(new SplitRow(parsed.Symbol, r.GetFieldValue<DateOnly>(0), r.GetDecimal(1)), r.GetFieldValue<DateOnly>(2), NullableDate(r, 3)), ct);
            var (rebuilt, _) = ListHistory.Replace(versions, counted.Keys, partition.Date, outcome == Counted ? parsed.Splits : []);
            await WriteAsync(connection, tx, CorporateActionsSql.DeleteSplits, CorporateActionsSql.InsertSplits, parsed, rebuilt, counted, (cmd, i, split) =>
            {
                cmd.Parameters.AddWithValue($"d{i}", split.EffectiveDate);
                cmd.Parameters.AddWithValue($"f{i}", split.Factor);
                return $"@d{i}, @f{i}";
            }, ct);
        }
        else
        {
            var versions = await ReadAsync(connection, tx, CorporateActionsSql.DividendVersions, parsed, r =>
                new EntryVersion<DividendRow>(
                    new DividendRow(parsed.Symbol, r.GetFieldValue<DateOnly>(0), r.GetDecimal(1), NullableDate(r, 2), NullableDate(r, 3), NullableDate(r, 4)),
                    r.GetFieldValue<DateOnly>(5), NullableDate(r, 6)), ct);
            var (rebuilt, _) = ListHistory.Replace(versions, counted.Keys, partition.Date, outcome == Counted ? parsed.Dividends : []);
            await WriteAsync(connection, tx, CorporateActionsSql.DeleteDividends, CorporateActionsSql.InsertDividends, parsed, rebuilt, counted, (cmd, i, d) =>
            {
                cmd.Parameters.AddWithValue($"d{i}", d.ExDividendDate);
                cmd.Parameters.AddWithValue($"a{i}", d.Amount);
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>($"dd{i}", NpgsqlDbType.Date) { TypedValue = d.DeclarationDate });
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>($"rd{i}", NpgsqlDbType.Date) { TypedValue = d.RecordDate });
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>($"pd{i}", NpgsqlDbType.Date) { TypedValue = d.PaymentDate });
                return $"@d{i}, @a{i}, @dd{i}, @rd{i}, @pd{i}";
            }, ct);
        }
    }

    private static async Task<Dictionary<DateOnly, ListLineage>> CountedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ParsedActions parsed, CancellationToken ct)
    {
        var counted = new Dictionary<DateOnly, ListLineage>();
        await using var cmd = Command(connection, tx, CorporateActionsSql.CountedLists, parsed, null);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counted[reader.GetFieldValue<DateOnly>(0)] = new ListLineage(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
        }

        return counted;
    }

    private static async Task<List<EntryVersion<T>>> ReadAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction tx, string sql, ParsedActions parsed, Func<NpgsqlDataReader, EntryVersion<T>> read, CancellationToken ct)
    {
        var versions = new List<EntryVersion<T>>();
        await using var cmd = Command(connection, tx, sql, parsed, null);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(read(reader));
        }

        return versions;
    }

    [SuppressMessage("Security", "CA2100", Justification = "The VALUES list is numbered parameters only; every value travels as a parameter.")]
    private static async Task WriteAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction tx, string deleteSql, string insertSql, ParsedActions parsed, IReadOnlyList<EntryVersion<T>> versions,
        Dictionary<DateOnly, ListLineage> counted, Func<NpgsqlCommand, int, T, string> addEntry, CancellationToken ct)
    {
        await using (var delete = Command(connection, tx, deleteSql, parsed, null))
        {
            await delete.ExecuteNonQueryAsync(ct);
        }

        // One multi-row INSERT per batch: Redshift loads a VALUES list far faster than row-by-row statements.
        foreach (var batch in versions.Chunk(2000))
        {
            await using var insert = new NpgsqlCommand { Connection = connection, Transaction = tx };
            insert.Parameters.AddWithValue("symbol", parsed.Symbol);
            var rows = new List<string>();
            for (var i = 0; i < batch.Length; i++)
            {
                var (entry, from, until) = (batch[i].Entry, batch[i].From, batch[i].Until);
                var lineage = counted[from];
                insert.Parameters.AddWithValue($"p{i}", from);
                insert.Parameters.Add(new NpgsqlParameter<DateOnly?>($"u{i}", NpgsqlDbType.Date) { TypedValue = until });
                AddLineage(insert, lineage, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                rows.Add($"(@symbol, {addEntry(insert, i, entry)}, @p{i}, @u{i}, @key{i}, @version{i}, @run{i}, @loaded_at{i})");
            }

            insert.CommandText = insertSql + string.Join(", ", rows);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A lineage's four parameters, named with <paramref name="suffix"/> (the security master's lists use it too).</summary>
    internal static void AddLineage(NpgsqlCommand cmd, ListLineage lineage, string suffix)
    {
        cmd.Parameters.AddWithValue($"key{suffix}", lineage.SourceKey);
        cmd.Parameters.AddWithValue($"version{suffix}", lineage.SourceVersion);
        cmd.Parameters.AddWithValue($"run{suffix}", lineage.RunId);
        cmd.Parameters.AddWithValue($"loaded_at{suffix}", lineage.LoadedAt.ToUniversalTime());
    }

    [SuppressMessage("Security", "CA2100", Justification = "Only CorporateActionsSql constants are passed; values travel as parameters.")]
    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, ParsedActions parsed, DailyPartition? partition)
    {
        var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.Parameters.AddWithValue("symbol", parsed.Symbol);
        cmd.Parameters.AddWithValue("list", parsed.Kind.Name);
        if (partition is { } p)
        {
            cmd.Parameters.AddWithValue("partition", p.Date);
        }

        return cmd;
    }

    private static DateOnly? NullableDate(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
