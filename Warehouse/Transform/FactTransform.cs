using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Transform;

/// <summary>
/// Materializes <c>fct_stock_prices</c> for a partition in one transaction, serialized by a lock: rows whose values
/// changed are replaced and their old versions kept in <c>fct_stock_price_revisions</c>, new keys are inserted, and
/// rows delivered unchanged are not written at all. Any failure rolls back and leaves both tables exactly as they were.
/// </summary>
public sealed class FactTransform(WarehouseDatabase warehouse, IWarehouseDialect dialect, StagingRetention retention, TimeProvider time)
{
    /// <summary>Runs between the DELETE and the INSERT; tests inject a failure here to prove the rollback.</summary>
    public Func<CancellationToken, Task>? BetweenDeleteAndInsert { get; set; }

    /// <remarks>
    /// A broken connection or a restarted warehouse is retried: applying a partition again changes nothing more (when
    /// a commit's answer was lost, the retry finds the rows unchanged and reports them so).
    /// </remarks>
    public async Task<FactResult> ApplyAsync(DailyPartition partition, CancellationToken ct)
    {
        var result = await WarehouseRetry.ExecuteAsync(warehouse, $"fct_stock_prices {partition}", token => ApplyOnceAsync(partition, token), ct);
        return result with { StagingCompaction = await CompactStagingAsync(result.StagedRowsPruned, ct) };
    }

    /// <summary>
    /// Maintenance after the commit: any failure to reclaim space is reported in the step's metadata and the step stands
    /// (its changes are committed); the next fact step judges the table again.
    /// </summary>
    private async Task<string?> CompactStagingAsync(long pruned, CancellationToken ct)
    {
        try
        {
            return await dialect.CompactStagingAsync(warehouse, pruned, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or WarehouseUnavailableException or TimeoutException or IOException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return WarehouseStatementTimeoutException.IsStatementTimeout(ex)
                ? $"skipped: it ran longer than {SettingKeys.WarehouseStatementTimeout} allows and was cancelled"
                : $"skipped: {ex.Message}";
        }
    }

    private async Task<FactResult> ApplyOnceAsync(DailyPartition partition, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, WarehouseSql.FactTable, partition, ct);

        // Read after the lock: a load that waited for another stamps a later time than it, so load times stay in order.
        var loadedAt = time.GetUtcNow();

        // Before staging is read: the rebuild below must not read a landing date this step freezes.
        await dialect.LockRetentionAsync(connection, tx, moving: true, ct);
        var frozenBefore = await StagingRetention.FrozenBeforeAsync(connection, tx, ct);
        retention.ThrowIfFrozen("fct_stock_prices", partition, frozenBefore);
        var (pruned, heldBy) = await retention.AdvanceAsync(connection, tx, partition, frozenBefore, DateOnly.FromDateTime(loadedAt.UtcDateTime), ct);
        await dialect.PrepareFactStepAsync(connection, tx, ct);

        async Task<long> Run(string sql) => await PartitionCommand.ExecuteAsync(connection, tx, sql, partition, ct, loadedAt);

        var keys = await CountStagedKeysAsync(connection, tx, partition, ct);
        var rebuilt = await RebuildHistoriesAsync(connection, tx, partition, keys, Run, ct);

        // What is left is the common case: keys this landing date is the latest to stage, extended by it.
        long revised = 0;
        if (keys.Differing > 0)
        {
            await Run(WarehouseSql.CreateChangedKeys);
            if (await Run(WarehouseSql.FindChangedKeys) > 0)
            {
                revised = await Run(WarehouseSql.ArchiveChangedRows);
                await Run(WarehouseSql.DeleteChangedRows);
            }

            await Run(WarehouseSql.DropChangedKeys);
        }

        if (BetweenDeleteAndInsert is { } hook)
        {
            await hook(ct);
        }

        // Only keys the fact table did not hold, and the ones just revised, can be inserted.
        var inserted = keys.Present < keys.Staged || revised > 0 ? await Run(WarehouseSql.InsertFact) : 0;
        await Run(VersionRebuildSql.DropRebuildKeys);
        if (revised + inserted + rebuilt.Changed > 0)
        {
            await dialect.RefreshFactStatisticsAsync(connection, tx, revised + inserted + rebuilt.Changed, ct);
        }

        await tx.CommitAsync(ct);
        return new FactResult(revised, inserted, rebuilt.Keys, rebuilt.Changed, keys.Present - keys.Differing, pruned, heldBy, null);
    }

    /// <summary>
    /// The keys a landing date cannot just extend get their history rebuilt from staging (see <see cref="VersionRebuildSql"/>).
    /// Each search runs only when the staged-key counts say it can find something. The keys table stays until the end of
    /// the step: the common path skips the keys it holds.
    /// </summary>
    private static async Task<(long Keys, long Changed)> RebuildHistoriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, StagedKeyCounts counts, Func<string, Task<long>> run, CancellationToken ct)
    {
        await run(VersionRebuildSql.CreateRebuildKeys);
        long keys = 0, changed = 0;
        if (counts.Staged > 0 && await AnyAsync(connection, tx, VersionRebuildSql.AnyLaterLanding, partition, ct))
        {
            keys += await run(VersionRebuildSql.FindKeysStagedLater);
        }

        if (counts.Present > 0 && await AnyAsync(connection, tx, VersionRebuildSql.AnyLaterVersion, partition, ct))
        {
            keys += await run(VersionRebuildSql.FindKeysCurrentFromLater);
        }

        if (counts.Differing > 0)
        {
            keys += await run(VersionRebuildSql.FindKeysRedelivered);
        }

        // Versions this partition made current can only have gone unstaged when fewer of them than before are staged.
        if (counts.CurrentFromPartition > counts.PresentFromPartition)
        {
            keys += await run(VersionRebuildSql.FindCurrentNoLongerStaged);
        }

        keys += await run(VersionRebuildSql.FindRevisionsStartingHere);
        if (keys > 0)
        {
            await run(VersionRebuildSql.CreateDesiredVersions);
            await run(VersionRebuildSql.FindDesiredVersions);
            changed += await run(VersionRebuildSql.MoveRevisionEnds);
            changed += await run(VersionRebuildSql.EndRevisionsNoRunHolds);
            changed += await run(VersionRebuildSql.ArchiveReplacedCurrentRows);
            await run(VersionRebuildSql.DeleteReplacedCurrentRows);
            changed += await run(VersionRebuildSql.InsertCurrentVersions);
            changed += await run(VersionRebuildSql.InsertMissingRuns);
            await run(VersionRebuildSql.DropDesiredVersions);
        }

        return (keys, changed);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only VersionRebuildSql constants are passed; values travel as parameters.")]
    private static async Task<bool> AnyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string probe, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(probe, connection, tx);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task<StagedKeyCounts> CountStagedKeysAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(WarehouseSql.CountStagedKeys, connection, tx);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new StagedKeyCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }
}

/// <param name="Revised">Rows whose values this landing changed: their old versions are now revisions.</param>
/// <param name="Inserted">Rows written: new keys and the revised ones' new versions.</param>
/// <param name="KeysRebuilt">Keys whose history was rebuilt from staging: loaded out of order, re-delivered with other values, or no longer staged.</param>
/// <param name="VersionsRebuilt">Rows the rebuild wrote or whose range of landing dates it changed.</param>
/// <param name="Unchanged">Staged rows whose values the fact table already held: not written.</param>
/// <param name="StagedRowsPruned">Staged rows of landing dates this step froze (older than staging's retention).</param>
/// <param name="StagingHeldBy">A landing date staged and not yet applied that kept staging's retention line from moving.</param>
/// <param name="StagingCompaction">Whether staging was rewritten to give back the space pruned rows left, or why not (null: not needed).</param>
public sealed record FactResult(long Revised, long Inserted, long KeysRebuilt, long VersionsRebuilt, long Unchanged, long StagedRowsPruned, DateOnly? StagingHeldBy, string? StagingCompaction);

/// <summary>The partition's staged keys against the fact table, before the fact step changes anything.</summary>
/// <param name="Staged">Rows the partition staged.</param>
/// <param name="CurrentFromPartition">Fact rows whose current version this partition delivered.</param>
/// <param name="Present">Staged keys the fact table holds.</param>
/// <param name="PresentFromPartition">Of those, the ones whose current version this partition delivered.</param>
/// <param name="Differing">Of those, the ones whose values differ from the staged ones.</param>
internal sealed record StagedKeyCounts(long Staged, long CurrentFromPartition, long Present, long PresentFromPartition, long Differing);
