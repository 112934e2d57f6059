using MarketAspire.JobHosting.Configuration;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Records;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// Stamps a running run every <see cref="Interval"/> until disposed, so that a run whose process is gone can be told
/// from a live one: a run without a stamp for <see cref="StaleAfter"/> is abandoned.
/// </summary>
public sealed class RunHeartbeat : IAsyncDisposable
{

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RunHeartbeat(MetaStore meta, string runId, TimeSpan interval, TimeProvider time)
    {
        _loop = BeatAsync(meta, runId, interval, time, _stop.Token);
    }

    /// <summary>How often a running job stamps its run.</summary>
    public static TimeSpan Interval(IConfiguration configuration) =>
        TimeSpan.FromSeconds(int.TryParse(configuration[SettingKeys.RunHeartbeatSeconds], out var seconds) && seconds > 0 ? seconds : 15);

    /// <summary>Four missed stamps: long enough for a slow statement on a busy warehouse, short enough to matter.</summary>
    public static TimeSpan StaleAfter(IConfiguration configuration) => Interval(configuration) * 4;

    public static RunHeartbeat Start(MetaStore meta, string runId, TimeSpan interval, TimeProvider time) => new(meta, runId, interval, time);

    private static async Task BeatAsync(MetaStore meta, string runId, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await meta.HeartbeatAsync(runId, time.GetUtcNow(), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed stamp is not worth failing the run for; four in a row make it look abandoned.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
