using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Listings;
using MarketAspire.Warehouse.CorporateActions;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.Warehouse.Securities;

/// <summary>
/// Registers one landing date's list of a state and rebuilds that state's versions with <see cref="ListHistory"/> (the
/// corporate actions' rule: only lists with a valid row count; as of landing D a state's list is its latest counted one).
/// Only the versions that changed are deleted and inserted, so an unchanged row keeps its lineage and load time. Runs
/// inside the caller's transaction and lock.
/// </summary>
internal static class SecurityVersionStore
{
    public static async Task<List<string>> StatesOfLandingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, CancellationToken ct)
    {
        var states = new List<string>();
        await using var cmd = new NpgsqlCommand(SecuritiesSql.ListsOfLanding, connection, tx);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            states.Add(reader.GetString(0));
        }

        return states;
    }

    /// <param name="lineage">The object's lineage; null when the landing date no longer holds the list.</param>
    /// <returns>Versions (deleted, inserted).</returns>
    public static async Task<(int Deleted, int Inserted)> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ParsedListing parsed, DailyPartition partition, ListLineage? lineage, CancellationToken ct)
    {
        if (lineage is not null && parsed.ObjectError is null && await PreviousEntriesAsync(connection, tx, parsed.State, partition, ct) is { } previous
            && parsed.Rows.Count < previous * (100 - MaxShrinkPercent) / 100)
        {
            parsed.ObjectError = $"{parsed.Rows.Count} valid rows, more than {MaxShrinkPercent}% fewer than the {previous} of the previous counted {parsed.State} list: a truncated or broken list, the previous universe stands";
        }

        var outcome = lineage is null ? null
            : parsed.ObjectError is not null ? ListHistoryStore.Rejected
            : parsed.Rows.Count == 0 ? ListHistoryStore.Empty
            : ListHistoryStore.Counted;
        var counted = await CountedAsync(connection, tx, parsed.State, ct);
        counted.Remove(partition.Date);
        if (outcome == ListHistoryStore.Counted)
        {
            counted[partition.Date] = lineage!;
        }

        await using (var delete = new NpgsqlCommand(SecuritiesSql.DeleteListLanding, connection, tx))
        {
            delete.Parameters.AddWithValue("state", parsed.State);
            delete.Parameters.AddWithValue("partition", partition.Date);
            await delete.ExecuteNonQueryAsync(ct);
        }

        if (outcome is not null)
        {
            await using var insert = new NpgsqlCommand(SecuritiesSql.InsertListLanding, connection, tx);
            insert.Parameters.AddWithValue("state", parsed.State);
            insert.Parameters.AddWithValue("partition", partition.Date);
            insert.Parameters.AddWithValue("outcome", outcome);
            insert.Parameters.AddWithValue("entries", parsed.Rows.Count);
            ListHistoryStore.AddLineage(insert, lineage!, "");
            await insert.ExecuteNonQueryAsync(ct);
        }

        var status = StatusOf(parsed.State);
        var stored = await VersionsAsync(connection, tx, status, ct);
        var (rebuilt, _) = ListHistory.Replace(stored, counted.Keys, partition.Date, outcome == ListHistoryStore.Counted ? parsed.Rows : []);
        var removed = stored.Except(rebuilt).ToList();
        var added = rebuilt.Except(stored).ToList();
        await DeleteAsync(connection, tx, status, removed, ct);
        await InsertAsync(connection, tx, added, counted, ct);
        return (removed.Count, added.Count);
    }

    /// <summary>A list this much smaller than the previous counted list of its state is refused whole (real lists move by a few rows a day).</summary>
    public const int MaxShrinkPercent = 10;

    private static async Task<int?> PreviousEntriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string state, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SecuritiesSql.PreviousCountedEntries, connection, tx);
        cmd.Parameters.AddWithValue("state", state);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        return await cmd.ExecuteScalarAsync(ct) is int entries ? entries : null;
    }

    /// <summary>The status every row of a state's list has (the parser rejects the others).</summary>
    public static string StatusOf(string state) => state == "delisted" ? ListingRow.Delisted : ListingRow.Active;

    private static async Task<Dictionary<DateOnly, ListLineage>> CountedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string state, CancellationToken ct)
    {
        var counted = new Dictionary<DateOnly, ListLineage>();
        await using var cmd = new NpgsqlCommand(SecuritiesSql.CountedLists, connection, tx);
        cmd.Parameters.AddWithValue("state", state);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counted[reader.GetFieldValue<DateOnly>(0)] = new ListLineage(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
        }

        return counted;
    }

    private static async Task<List<EntryVersion<ListingRow>>> VersionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string status, CancellationToken ct)
    {
        var versions = new List<EntryVersion<ListingRow>>();
        await using var cmd = new NpgsqlCommand(SecuritiesSql.Versions, connection, tx);
        cmd.Parameters.AddWithValue("status", status);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new ListingRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Date(reader, 4), Date(reader, 5), reader.GetString(6));
            versions.Add(new EntryVersion<ListingRow>(row, reader.GetFieldValue<DateOnly>(7), Date(reader, 8)));
        }

        return versions;
    }

    [SuppressMessage("Security", "CA2100", Justification = "The condition list is numbered parameters only; every value travels as a parameter.")]
    private static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string status, List<EntryVersion<ListingRow>> removed, CancellationToken ct)
    {
        foreach (var batch in removed.Chunk(500))
        {
            await using var delete = new NpgsqlCommand { Connection = connection, Transaction = tx };
            delete.Parameters.AddWithValue("status", status);
            var conditions = new List<string>();
            for (var i = 0; i < batch.Length; i++)
            {
                delete.Parameters.AddWithValue($"s{i}", batch[i].Entry.Symbol);
                delete.Parameters.AddWithValue($"f{i}", batch[i].From);
                conditions.Add($"(symbol = @s{i} AND valid_from = @f{i})");
            }

            delete.CommandText = SecuritiesSql.DeleteVersions + "(" + string.Join(" OR ", conditions) + ")";
            await delete.ExecuteNonQueryAsync(ct);
        }
    }

    [SuppressMessage("Security", "CA2100", Justification = "The VALUES list is numbered parameters only; every value travels as a parameter.")]
    private static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, List<EntryVersion<ListingRow>> added, Dictionary<DateOnly, ListLineage> counted, CancellationToken ct)
    {
        // One multi-row INSERT per batch: Redshift loads a VALUES list far faster than row-by-row statements.
        foreach (var batch in added.Chunk(1000))
        {
            await using var insert = new NpgsqlCommand { Connection = connection, Transaction = tx };
            var rows = new List<string>();
            for (var i = 0; i < batch.Length; i++)
            {
                var (row, from, until) = (batch[i].Entry, batch[i].From, batch[i].Until);
                var n = i.ToString(CultureInfo.InvariantCulture);
                insert.Parameters.AddWithValue($"sy{n}", row.Symbol);
                insert.Parameters.AddWithValue($"na{n}", row.Name);
                insert.Parameters.AddWithValue($"ex{n}", row.Exchange);
                insert.Parameters.AddWithValue($"ty{n}", row.AssetType);
                insert.Parameters.Add(new NpgsqlParameter<DateOnly?>($"ip{n}", NpgsqlDbType.Date) { TypedValue = row.IpoDate });
                insert.Parameters.Add(new NpgsqlParameter<DateOnly?>($"de{n}", NpgsqlDbType.Date) { TypedValue = row.DelistingDate });
                insert.Parameters.AddWithValue($"st{n}", row.Status);
                insert.Parameters.AddWithValue($"fr{n}", from);
                insert.Parameters.Add(new NpgsqlParameter<DateOnly?>($"un{n}", NpgsqlDbType.Date) { TypedValue = until });
                ListHistoryStore.AddLineage(insert, counted[from], n);
                rows.Add($"(@sy{n}, @na{n}, @ex{n}, @ty{n}, @ip{n}, @de{n}, @st{n}, @fr{n}, @un{n}, @key{n}, @version{n}, @run{n}, @loaded_at{n})");
            }

            insert.CommandText = SecuritiesSql.InsertVersions + string.Join(", ", rows);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static DateOnly? Date(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
