using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Reads <c>MARKET_SCHEDULE</c>: a malformed value is a configuration error that names the setting.</summary>
public static class ScheduleSetting
{
    public static DailySchedule? Read(string? text) => DailySchedule.TryParse(text, out var schedule)
        ? schedule
        : throw new ConfigurationException($"Configuration error: {SettingKeys.Schedule} must be {DailySchedule.Form}, not '{text}'.");
}
