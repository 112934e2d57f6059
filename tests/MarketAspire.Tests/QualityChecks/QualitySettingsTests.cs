using MarketAspire.JobHosting.Configuration;
using MarketAspire.Quality;
using MarketAspire.Quality.Checks;
using MarketAspire.AssetGraph.Partitions;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.QualityChecks;

public class QualitySettingsTests
{
    private static QualitySettings Read(params (string Key, string Value)[] values) =>
        QualitySettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void The_thresholds_have_documented_defaults_and_read_invariant_numbers()
    {
        var defaults = Read();
        Assert.Equal((25m, 1m, 5, new TimeOnly(17, 0)), (defaults.PriceJumpPercent, defaults.RestatementTolerancePercent, defaults.RestatementMinAgeDays, defaults.PublishTime));

        var set = Read(("QUALITY_PRICE_JUMP_PERCENT", "12.5"), ("QUALITY_RESTATEMENT_TOLERANCE_PERCENT", "0.25"), ("QUALITY_RESTATEMENT_MIN_AGE_DAYS", "0"), ("QUALITY_PUBLISH_TIME", "18:30"));
        Assert.Equal((12.5m, 0.25m, 0, new TimeOnly(18, 30)), (set.PriceJumpPercent, set.RestatementTolerancePercent, set.RestatementMinAgeDays, set.PublishTime));
    }

    [Fact]
    public void Every_malformed_threshold_is_named_at_once()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(
            ("QUALITY_PRICE_JUMP_PERCENT", "0"), ("QUALITY_RESTATEMENT_TOLERANCE_PERCENT", "1,5"), ("QUALITY_RESTATEMENT_MIN_AGE_DAYS", "-1"), ("QUALITY_PUBLISH_TIME", "25:00")));

        Assert.Equal(
            [
                "QUALITY_PRICE_JUMP_PERCENT must be a positive percentage, not '0'.",
                "QUALITY_RESTATEMENT_TOLERANCE_PERCENT must be a positive percentage, not '1,5'.",
                "QUALITY_RESTATEMENT_MIN_AGE_DAYS must be a whole number of at least 0, not '-1'.",
                "QUALITY_PUBLISH_TIME must be a time HH:mm (America/New_York), not '25:00'.",
            ],
            error.Problems);
    }

    [Theory]
    [InlineData("2026-11-25", 0, "2026-11-25")]
    [InlineData("2026-11-25", 5, "2026-11-18")]
    [InlineData("2026-11-28", 1, "2026-11-25")] // a Saturday after Thanksgiving's early close (2026-11-27) counts from that Friday
    [InlineData("2026-11-30", 3, "2026-11-24")] // Thanksgiving is not a trading day
    public void The_minimum_age_counts_trading_days_back_from_the_landings_latest_trading_day(string partition, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Restatements.TradingDaysBefore(DailyPartition.Parse(partition), days));
}
