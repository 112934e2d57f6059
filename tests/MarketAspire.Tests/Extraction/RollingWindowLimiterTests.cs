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
        Assert.All(stamps.Take(5), s => Assert.Equal(TimeSpan.Zero, s));
        Assert.True(stamps[^1] <= TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
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
    public void TryAcquire_refuses_once_the_window_is_full()
    {
        var time = new FakeTimeProvider();
        var limiter = new RollingWindowLimiter(2, TimeSpan.FromDays(1), time);
        Assert.True(limiter.TryAcquire());
        Assert.True(limiter.TryAcquire());
        Assert.False(limiter.TryAcquire());
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(limiter.TryAcquire());
    }
}
