using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Storage;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>Where Redshift and PostgreSQL differ: how a load is serialized and how staging is loaded from the manifest.</summary>
public interface IWarehouseDialect
{
    /// <summary>Serializes loads of one table (and partition) until the transaction ends.</summary>
    Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, DailyPartition partition, CancellationToken ct);

    /// <summary>
    /// Orders reads of staging's retention line against its moves until the transaction ends: the COPY step reads the line
    /// (<paramref name="moving"/> false) and the fact step moves it (true), after the fact table's lock, before it touches
    /// <c>stg_pending</c> or staging.
    /// </summary>
    Task LockRetentionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool moving, CancellationToken ct);

    /// <summary>Loads the manifest's files into <c>stg_stock_prices</c> inside the open transaction.</summary>
    Task LoadStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DailyPartition partition, string manifestKey, CancellationToken ct);

    /// <summary>Sets up the fact step's transaction for joins of a whole partition (before its first statement).</summary>
    Task PrepareFactStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);

    /// <summary>Writes the planned symbol-years of the current series as Parquet under <c>curated/stock_prices/</c>.</summary>
    Task<Curated.CuratedWrite> ExportCuratedAsync(NpgsqlConnection connection, DailyPartition partition, Curated.CuratedPlan plan, CancellationToken ct);

    /// <summary>
    /// After a fact step's commit (it pruned <paramref name="pruned"/> staged rows): gives staging's space back when the
    /// table's file is far larger than its rows need (a history landing that left the retention window), so later reads of
    /// staging do not scan the pages the history filled. Returns null when there was nothing to do, else what was done.
    /// </summary>
    Task<string?> CompactStagingAsync(WarehouseDatabase warehouse, long pruned, CancellationToken ct);

    /// <summary>Refreshes the fact table's statistics after the fact step changed <paramref name="changedRows"/> of its rows, when that many can change its plans.</summary>
    Task RefreshFactStatisticsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changedRows, CancellationToken ct);
}
