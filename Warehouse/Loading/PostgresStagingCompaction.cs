using System.Globalization;
using MarketAspire.JobHosting.Storage;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// PostgreSQL keeps a table's pages after its rows are deleted: plain VACUUM makes them reusable and gives back only
/// empty pages at the file's end. When a prune empties most of staging (a history landing of 25 years leaving the
/// retention window), every later scan of staging would still read the pages the history filled. So after a fact step
/// that pruned, staging is rewritten at the size of what it keeps (<c>VACUUM FULL</c>) when its file is more than four
/// times what its rows need: judged from the table's state, so a rewrite skipped or without effect is tried again by the
/// next step that prunes. A daily prune removes one landing date of a month's and leaves the table to reuse its space.
/// </summary>
internal static class PostgresStagingCompaction
{
    /// <summary>
    /// The file's bytes, and the bytes its rows need: the rows the statistics know (the COPY step analyzes staging; the
    /// prune does not change them) less the rows just pruned, at the statistics' average row width plus the tuple header.
    /// </summary>
    public const string Size =
        """
        SELECT pg_relation_size(c.oid), c.reltuples,
               (SELECT COALESCE(sum(s.avg_width), 0) + 28 FROM pg_stats s WHERE s.schemaname = 'market_data' AND s.tablename = 'stg_stock_prices')
        FROM pg_class c WHERE c.oid = 'market_data.stg_stock_prices'::regclass
        """;

    public const string Compact = "VACUUM FULL market_data.stg_stock_prices";

    // The rewrite locks staging whole; it waits this long for the steps using it (and blocks later ones while it waits).
    public const string LockWait = "SET lock_timeout = '2s'";

    public const string LockWaitReset = "RESET lock_timeout";

    // Below this the pages a prune leaves cost nothing worth a lock on staging.
    private const long SmallTable = 1L << 20;

    /// <summary>
    /// Whether a file of <paramref name="bytes"/> is worth rewriting after a prune of <paramref name="pruned"/> of the
    /// <paramref name="known"/> rows of <paramref name="width"/> bytes: when it is more than four times what the rest need
    /// (the width the statistics give is a little under the real one). A step that pruned nothing (a re-landed date
    /// leaves its old rows' space for the next COPY) and unknown statistics (-1: never analyzed) decide nothing.
    /// </summary>
    public static bool ShouldRewrite(long bytes, double known, double width, long pruned) =>
        pruned > 0 && known >= 0 && bytes >= SmallTable && bytes > 4 * Math.Max(known - pruned, 0) * width;

    public static async Task<string?> RunAsync(WarehouseDatabase warehouse, long pruned, CancellationToken ct)
    {
        if (pruned == 0)
        {
            return null;
        }

        await using var connection = await warehouse.OpenAsync(ct);
        var (bytes, known, width) = await SizeAsync(connection, ct);
        if (!ShouldRewrite(bytes, known, width, pruned))
        {
            return null;
        }

        // The pool discards session settings (DISCARD ALL) when the connection returns to it.
        await ExecuteAsync(connection, LockWait, ct);
        await ExecuteAsync(connection, Compact, ct);
        await ExecuteAsync(connection, LockWaitReset, ct);
        var after = (await SizeAsync(connection, ct)).Bytes;
        return after < bytes
            ? $"rewritten: {Mb(bytes)} → {Mb(after)}"
            : $"rewritten without gain ({Mb(bytes)}): a transaction older than the prune still sees its rows; the next fact step tries again";
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB");

    private static async Task<(long Bytes, double Known, double Width)> SizeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Size, connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetFloat(1), Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only this class's constants are passed.")]
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
