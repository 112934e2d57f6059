using Npgsql;

namespace MarketAspire.JobHosting.Storage;

/// <summary>Which warehouse failures a retry can outlast: the connection broke, or the server is restarting.</summary>
public static class WarehouseFaults
{
    /// <summary>
    /// The connection broke, or the server is shutting down, starting up or refusing connections for now. Not a
    /// statement timeout: that already waited as long as a statement may.
    /// </summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient && npgsql.InnerException is not TimeoutException,
        WarehouseUnavailableException => true,
        _ => false,
    };

    /// <summary>What broke, in words: the server's own message, or the network's.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        _ when ex.GetBaseException() is { } inner && inner != ex => $"{ex.Message} ({inner.Message})",
        _ => ex.Message,
    };
}
