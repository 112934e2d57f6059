using MarketAspire.AssetGraph.Freshness;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>
/// <c>SENSOR_LOOKBACK_TRADING_DAYS</c>, read here only: the sensor judges these trading days, and the Orchestrator's status
/// and the catalog's grid show the same ones as overdue.
/// </summary>
public static class FreshnessLookbackSetting
{
    /// <summary>The number of trading days; a malformed value is added to the reader's problems.</summary>
    public static int Read(SettingsReader reader) =>
        reader.Number(SettingKeys.SensorLookbackDays, FreshnessEvaluator.DefaultLookbackTradingDays, 1);

    /// <summary>The lookback at <paramref name="now"/>; a malformed value throws a <see cref="ConfigurationException"/> naming the key.</summary>
    public static FreshnessLookback At(IConfiguration configuration, DateTimeOffset now)
    {
        var reader = new SettingsReader(configuration);
        var days = Read(reader);
        reader.ThrowIfAny();
        return new FreshnessLookback(now, days);
    }
}
