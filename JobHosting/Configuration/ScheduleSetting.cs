using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Reads <c>MARKET_SCHEDULE</c>: a malformed value is a configuration error that names the setting.</summary>
public static class ScheduleSetting
{
    public static DailySchedule? Read(string? text)
    {
        try
        {
            return DailySchedule.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException(ex.Message);
        }
    }
}
