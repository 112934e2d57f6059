namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// One worker's uploads of its finished staged files, running while it goes on parsing. A failed upload surfaces at the
/// worker's next file, or at the end.
/// </summary>
internal sealed class StagedUploads(Func<StagedFile, Task> upload, CancellationToken ct)
{
    private readonly List<Task> _running = [];

    public async Task StartAsync(StagedFile file)
    {
        if (_running.Find(u => u.IsFaulted) is { } failed)
        {
            await failed;
        }

        _running.Add(Task.Run(() => upload(file), ct));
    }

    public Task WhenAllAsync() => Task.WhenAll(_running);

    /// <summary>Waits for every upload to end, failed or not (before the folder its files come from is deleted).</summary>
    public Task WhenSettledAsync() =>
        WhenAllAsync().ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
