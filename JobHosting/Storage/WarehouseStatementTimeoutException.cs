using MarketAspire.JobHosting.Configuration;
using Npgsql;

namespace MarketAspire.JobHosting.Storage;

/// <summary>A warehouse statement ran past <c>WAREHOUSE_STATEMENT_TIMEOUT_SECONDS</c> and was cancelled.</summary>
public sealed class WarehouseStatementTimeoutException(string what, TimeSpan timeout, Exception inner) : Exception(
    $"{what}: a warehouse statement ran longer than {timeout.TotalSeconds:0} s ({SettingKeys.WarehouseStatementTimeout}) and was cancelled; " +
    "its transaction rolled back, so the tables are as they were. Usual causes: another load holding the lock, or a bad query plan.",
    inner)
{
    /// <summary>Npgsql reports its command timeout as an <see cref="NpgsqlException"/> around a <see cref="TimeoutException"/>.</summary>
    public static bool IsStatementTimeout(Exception ex) => ex is NpgsqlException { InnerException: TimeoutException };
}
