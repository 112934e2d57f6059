using MarketAspire.AssetGraph.Partitions;
using Microsoft.Extensions.Time.Testing;

namespace MarketAspire.Tests.Kernel;

public class DailyPartitionTests
{
    [Fact]
    public void Parses_and_formats_landing_dates()
    {
        var partition = DailyPartition.Parse("2026-11-26");
        Assert.Equal(new DateOnly(2026, 11, 26), partition.Date);
        Assert.Equal("2026-11-26", partition.Key);
        Assert.Equal(new DateOnly(2026, 11, 25), partition.LatestTradingDay);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("26-11-2026")]
    [InlineData("2026-11-26T00:00")]
    [InlineData("")]
    public void Rejects_keys_that_are_not_dates(string key)
    {
        var ex = Assert.Throws<FormatException>(() => DailyPartition.Parse(key));
        Assert.Contains("YYYY-MM-DD", ex.Message);
    }

    [Fact]
    public void Latest_partition_is_today_in_New_York()
    {
        // 02:00 UTC on the 27th is still the 26th in New York.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal("2026-11-26", DailyPartition.Latest(time).Key);
    }

    [Fact]
    public void Range_is_inclusive_and_ordered()
    {
        var range = DailyPartition.Range(DailyPartition.Parse("2026-11-25"), DailyPartition.Parse("2026-11-28"));
        Assert.Equal(["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"], range.Select(p => p.Key));
        Assert.Throws<ArgumentException>(() => DailyPartition.Range(range[3], range[0]));
    }
}
