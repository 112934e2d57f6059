using MarketAspire.JobHosting.Storage;
using Npgsql;

namespace MarketAspire.JobHosting.Records;

/// <summary>
/// Writes of run and materialization records ride out a dropped connection or a warehouse restart: each is retried for
/// about 20 s in all. Every statement retried is idempotent (an UPDATE, or an INSERT guarded by its key), so one whose
/// answer was lost after it committed is not written twice.
/// </summary>
internal static class RecordRetry
{
    private static readonly TimeSpan[] Backoff = [.. new[] { 0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5 }.Select(TimeSpan.FromSeconds)];

    /// <param name="what">What is being recorded, for a timeout's message.</param>
    /// <param name="timeout">The statement timeout the data source runs with.</param>
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string what, TimeSpan timeout, Func<CancellationToken, Task> write, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await write(ct);
                return;
            }
            catch (NpgsqlException ex) when (WarehouseStatementTimeoutException.IsStatementTimeout(ex))
            {
                throw new WarehouseStatementTimeoutException(what, timeout, ex);
            }
            catch (Exception ex) when (attempt < Backoff.Length && WarehouseFaults.IsTransient(ex) && !ct.IsCancellationRequested)
            {
                // After a restart every idle connection of the pool is dead.
                dataSource.Clear();
                await Task.Delay(Backoff[attempt], ct);
            }
        }
    }
}
