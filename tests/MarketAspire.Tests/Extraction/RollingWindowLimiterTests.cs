using MarketAspire.Extractor.MarketApi;
using Microsoft.Extensions.Time.Testing;

namespace MarketAspire.Tests.Extraction;

public class RollingWindowLimiterTests
{
    /// <summary>Acquires <paramref name="count"/> times while fake time advances a second every few milliseconds.</summary>
    private static async Task<List<TimeSpan>> AcquireAsync(RollingWindowLimiter limiter, FakeTimeProvider time, int count)
    {
        var stamps = new List<TimeSpan>();
        var start = time.GetUtcNow();
        var worker = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await limiter.AcquireAsync(TestContext.Current.CancellationToken);
                lock (stamps)
                {
                    stamps.Add(time.GetUtcNow() - start);
                }
            }
        }, TestContext.Current.CancellationToken);

        while (!worker.IsCompleted)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await worker;
        return stamps;
    }

    [Fact]
    public async Task No_rolling_window_ever_holds_more_than_the_limit()
    {
        var time = new FakeTimeProvider();
        var stamps = await AcquireAsync(new RollingWindowLimiter(5, TimeSpan.FromMinutes(1), time), time, 12);
        Assert.Equal(12, stamps.Count);
        for (var i = 5; i < stamps.Count; i++)
        {
            Assert.True(stamps[i] - stamps[i - 5] >= TimeSpan.FromMinutes(1), $"acquisitions {i - 5} and {i} are {stamps[i] - stamps[i - 5]} apart");
        }

        // The first five go at once; the rest follow as the window frees: no idle minute either.
        // (The fake clock may tick before the worker starts, so they are measured from the first.)
        Assert.All(stamps.Take(5), s => Assert.Equal(stamps[0], s));
        Assert.True(stamps[^1] - stamps[0] <= TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Evenly_spaced_acquisitions_flow_at_the_limits_rate()
    {
        var time = new FakeTimeProvider();
        var stamps = await AcquireAsync(new RollingWindowLimiter(6, TimeSpan.FromMinutes(1), time, evenlySpaced: true), time, 13);
        Assert.Equal(13, stamps.Count);
        for (var i = 1; i < stamps.Count; i++)
        {
            var gap = stamps[i] - stamps[i - 1];
            Assert.InRange(gap, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
        }
    }

    [Fact]
    public async Task TryAcquire_refuses_once_the_window_is_full()
    {
        var time = new FakeTimeProvider();
        var limiter = new RollingWindowLimiter(2, TimeSpan.FromDays(1), time);
        Assert.True(await limiter.TryAcquireAsync(Ct));
        Assert.True(await limiter.TryAcquireAsync(Ct));
        Assert.False(await limiter.TryAcquireAsync(Ct));
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(await limiter.TryAcquireAsync(Ct));
    }

    [Fact]
    public async Task TryAcquire_waits_its_turn_behind_another_caller_instead_of_reporting_exhaustion()
    {
        // An evenly spaced limiter: the second AcquireAsync holds the gate while it waits out the spacing.
        var time = new FakeTimeProvider();
        var limiter = new RollingWindowLimiter(10, TimeSpan.FromMinutes(10), time, evenlySpaced: true);
        await limiter.AcquireAsync(Ct);
        var waiting = limiter.AcquireAsync(Ct);
        Assert.False(waiting.IsCompleted);

        var attempt = limiter.TryAcquireAsync(Ct);
        time.Advance(TimeSpan.FromMinutes(1));
        await waiting;

        Assert.True(await attempt, "2 of 10 permits used: contention must not read as a full window");
    }

    [Fact]
    public async Task Many_concurrent_TryAcquire_calls_each_get_a_permit_while_there_is_room()
    {
        var limiter = new RollingWindowLimiter(1000, TimeSpan.FromDays(1), TimeProvider.System);
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.TryAcquireAsync(Ct), Ct)));
        Assert.All(results, Assert.True);
        Assert.Equal(800, (await Task.WhenAll(Enumerable.Range(0, 900).Select(_ => limiter.TryAcquireAsync(Ct)))).Count(r => r));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
