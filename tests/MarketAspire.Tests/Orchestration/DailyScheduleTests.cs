using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Tests.Orchestration;

public class DailyScheduleTests
{
    private static readonly DailySchedule Schedule = DailySchedule.Parse(null)!;

    [Theory]
    [InlineData("2026-11-24T20:00:00Z", "2026-11-24T17:30:00-05:00", "2026-11-24")] // Tuesday 15:00 New York: today
    [InlineData("2026-11-24T23:00:00Z", "2026-11-25T17:30:00-05:00", "2026-11-25")] // Tuesday 18:00: tomorrow
    [InlineData("2026-11-25T23:00:00Z", "2026-11-27T17:30:00-05:00", "2026-11-27")] // Wednesday evening: Thanksgiving skipped
    [InlineData("2026-11-27T23:00:00Z", "2026-11-30T17:30:00-05:00", "2026-11-30")] // Friday evening: the weekend skipped
    [InlineData("2026-07-02T22:00:00Z", "2026-07-06T17:30:00-04:00", "2026-07-06")] // Independence Day observed Friday 3rd, summer time
    public void The_next_run_is_the_next_trading_day_after_publication(string now, string expectedAt, string expectedPartition)
    {
        var (at, partition) = Schedule.Next(DateTimeOffset.Parse(now));
        Assert.Equal(DateTimeOffset.Parse(expectedAt), at);
        Assert.Equal(expectedPartition, partition.Key);
    }

    [Fact]
    public void The_schedule_can_be_moved_or_turned_off()
    {
        Assert.Null(DailySchedule.Parse("off"));
        Assert.Equal(new TimeOnly(18, 15), DailySchedule.Parse("18:15")!.At);
        var ex = Assert.Throws<ConfigurationException>(() => ScheduleSetting.Read("5pm"));
        Assert.Contains("MARKET_SCHEDULE", ex.Message);
    }
}
