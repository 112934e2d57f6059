namespace MarketAspire.Warehouse.Sql;

/// <summary>
/// Staging's retention (V013): landing dates before <c>frozen_before</c> are frozen. Their rows have left staging, and
/// the rebuild reads what they said from the versions they made (<see cref="VersionRebuildSql.FindDesiredVersions"/>);
/// a frozen landing date is never loaded or re-run again. The line stops before any landing date staged and not yet
/// applied (<c>stg_pending</c>), so the versions hold everything a frozen landing date staged.
/// </summary>
public static class StagingRetentionSql
{
    public const string FrozenBefore = "SELECT frozen_before FROM market_data.stg_retention";

    /// <summary>Run by the fact step in its transaction (the landing date's staged rows are applied), and before <see cref="MarkPending"/>.</summary>
    public const string ClearPending = "DELETE FROM market_data.stg_pending WHERE partition_date = @partition";

    /// <summary>Run by the COPY step in its transaction, after <see cref="ClearPending"/>: the landing date waits for its fact step.</summary>
    public const string MarkPending = "INSERT INTO market_data.stg_pending (partition_date) VALUES (@partition)";

    public const string OldestPending = "SELECT MIN(partition_date) FROM market_data.stg_pending WHERE partition_date >= @frozen_before";

    /// <summary>Moves the line forward, never back.</summary>
    public const string MoveLine =
        "UPDATE market_data.stg_retention SET frozen_before = @frozen_before WHERE frozen_before < @frozen_before";

    public const string PruneStaging = "DELETE FROM market_data.stg_stock_prices WHERE partition_date < @frozen_before";

    public const string PrunePending = "DELETE FROM market_data.stg_pending WHERE partition_date < @frozen_before";
}
