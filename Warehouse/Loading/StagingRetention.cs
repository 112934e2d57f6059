using System.Diagnostics.CodeAnalysis;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// Keeps staging to the landing dates the revision and out-of-order rules can still need: those within
/// <see cref="WarehouseTuning.StagingRetentionDays"/> of the newest landing date applied. The fact step moves the line
/// and prunes in its transaction, before it reads staging; see <see cref="StagingRetentionSql"/>.
/// </summary>
public sealed class StagingRetention(WarehouseTuning tuning)
{
    public static async Task<DateOnly> FrozenBeforeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(StagingRetentionSql.FrozenBefore, connection, tx);
        return AsDate(await cmd.ExecuteScalarAsync(ct))
            ?? throw new InvalidOperationException("market_data.stg_retention holds no line: run the warehouse's migrate command (V013).");
    }

    /// <summary>Refuses a landing date the line has passed: its neighbours' rows are gone, so its runs cannot be rebuilt.</summary>
    public void ThrowIfFrozen(string step, DailyPartition partition, DateOnly frozenBefore)
    {
        if (partition.Date < frozenBefore)
        {
            throw new StagingFrozenException(
                $"{step} {partition}: landing date {partition} is frozen: staging keeps the landing dates of the {tuning.StagingRetentionDays} days " +
                $"({SettingKeys.WarehouseStagingRetentionDays}) before the newest one loaded, and landing dates before {frozenBefore:yyyy-MM-dd} " +
                "live on only as the versions they made. It cannot be loaded or re-run; nothing was changed. " +
                "To load it, rebuild the warehouse from the lake (an empty warehouse, every landing date loaded again) " +
                $"with a {SettingKeys.WarehouseStagingRetentionDays} that reaches it.");
        }
    }

    /// <summary>
    /// The fact step's part, under its lock: the partition is applied (no longer pending), and the line moves to
    /// <see cref="WarehouseTuning.StagingRetentionDays"/> before it, but never past a landing date still pending, nor
    /// further than that many days before <paramref name="today"/> (a landing date typed years ahead must not freeze
    /// the warehouse). Returns the staged rows pruned, and the pending landing date that held the line back, if one did
    /// (a job that stopped between its COPY and its fact step holds it until that landing date is applied).
    /// </summary>
    [SuppressMessage("Security", "CA2100", Justification = "Only StagingRetentionSql constants are passed; values travel as parameters.")]
    public async Task<(long Pruned, DateOnly? HeldBy)> AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, DateOnly frozenBefore, DateOnly today, CancellationToken ct)
    {
        NpgsqlCommand Command(string sql, DateOnly line)
        {
            var cmd = new NpgsqlCommand(sql, connection, tx);
            cmd.Parameters.AddWithValue("partition", partition.Date);
            cmd.Parameters.AddWithValue("frozen_before", line);
            return cmd;
        }

        async Task<object?> Scalar(string sql, DateOnly line)
        {
            await using var cmd = Command(sql, line);
            return await cmd.ExecuteScalarAsync(ct);
        }

        async Task<long> Execute(string sql, DateOnly line)
        {
            await using var cmd = Command(sql, line);
            return await cmd.ExecuteNonQueryAsync(ct);
        }

        await Execute(StagingRetentionSql.ClearPending, frozenBefore);
        var line = (partition.Date < today ? partition.Date : today).AddDays(-tuning.StagingRetentionDays);
        DateOnly? heldBy = null;
        if (AsDate(await Scalar(StagingRetentionSql.OldestPending, frozenBefore)) is { } pending && pending < line)
        {
            (line, heldBy) = (pending, pending);
        }

        if (line <= frozenBefore || await Execute(StagingRetentionSql.MoveLine, line) == 0)
        {
            return (0, heldBy);
        }

        await Execute(StagingRetentionSql.PrunePending, line);
        return (await Execute(StagingRetentionSql.PruneStaging, line), heldBy);
    }

    // A scalar DATE arrives as DateTime unless asked for as DateOnly.
    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => null,
    };
}

/// <summary>A landing date older than staging's retention line: not transient, so never retried.</summary>
public sealed class StagingFrozenException(string message) : InvalidOperationException(message);
