using System.Globalization;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// PostgreSQL keeps a table's pages after its rows are deleted: plain VACUUM makes them reusable and gives back only
/// empty pages at the file's end. When a prune empties most of staging (a history landing of 25 years leaving the
/// retention window), every later scan of staging would still read the pages the history filled, so the table is
/// rewritten at the size of what it keeps (<c>VACUUM FULL</c>, which also analyzes it). A daily prune removes one landing
/// date of a month's and leaves the table to reuse its space.
/// </summary>
internal static class PostgresStagingCompaction
{
    /// <summary>The rows staging's statistics know: the COPY step analyzes it, the prune does not change them.</summary>
    public const string RowsKnown = "SELECT reltuples FROM pg_class WHERE oid = 'market_data.stg_stock_prices'::regclass";

    public const string Compact = "VACUUM (FULL, ANALYZE) market_data.stg_stock_prices";

    // The rewrite locks staging whole; it waits this long for the steps using it (and blocks later ones while it waits).
    public const string LockWait = "SET lock_timeout = '2s'";

    public const string LockWaitReset = "RESET lock_timeout";

    public static async Task<string?> RunAsync(NpgsqlConnection connection, long pruned, CancellationToken ct)
    {
        double known;
        await using (var rows = new NpgsqlCommand(RowsKnown, connection))
        {
            known = Convert.ToDouble(await rows.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        if (pruned * 2 <= known)
        {
            return null;
        }

        await ExecuteAsync(connection, LockWait, ct);
        try
        {
            await ExecuteAsync(connection, Compact, ct);
        }
        finally
        {
            await ExecuteAsync(connection, LockWaitReset, CancellationToken.None);
        }

        return string.Create(CultureInfo.InvariantCulture, $"rewritten: {pruned} of about {known:0} staged rows were pruned");
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only this class's constants are passed.")]
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
