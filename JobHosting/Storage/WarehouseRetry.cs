using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Storage;

/// <summary>
/// Runs one idempotent unit of warehouse work (a step's transaction, a record's write) again when the connection
/// broke or the server restarted, for about 20 s in all. The pool's idle connections are dropped after each failure: after
/// a restart every one of them is dead.
/// </summary>
public static class WarehouseRetry
{
    private static readonly TimeSpan[] Backoff = [.. new[] { 0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5 }.Select(TimeSpan.FromSeconds)];

    public static async Task<T> ExecuteAsync<T>(WarehouseDatabase warehouse, string what, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await work(ct);
            }
            catch (Exception ex) when (WarehouseFaults.IsTransient(ex) && !ct.IsCancellationRequested)
            {
                warehouse.DataSource.Clear();
                if (attempt >= Backoff.Length)
                {
                    throw new WarehouseConnectionLostException(
                        $"{what}: the warehouse connection failed on all {attempt + 1} attempts over about 20 s, last: {WarehouseFaults.Describe(ex)}. " +
                        $"Each attempt's transaction rolled back, so the tables are as they were. Is the warehouse at {warehouse.Settings.Endpoint} " +
                        $"({SettingKeys.RedshiftHost}, {SettingKeys.RedshiftPort}) up?",
                        ex);
                }

                await Task.Delay(Backoff[attempt], ct);
            }
        }
    }
}

/// <summary>A unit of warehouse work failed on every attempt because the connection broke or the server was down.</summary>
public sealed class WarehouseConnectionLostException(string message, Exception inner) : Exception(message, inner);
