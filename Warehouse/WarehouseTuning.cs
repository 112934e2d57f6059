using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Warehouse;

/// <summary>Knobs for the load, chosen by measurement (see docs/measurements.md).</summary>
public sealed class WarehouseTuning
{
    public int RowsPerFile { get; init; } = 250_000;

    public int StagingWorkers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// How many days of landing dates before the newest one loaded staging keeps: those can still be re-run or loaded
    /// late; older ones are frozen (see <see cref="Sql.StagingRetentionSql"/>). A month covers a re-run of a failed day
    /// with weeks to spare.
    /// </summary>
    public int StagingRetentionDays { get; init; } = 31;

    /// <summary>The knobs; a malformed value is a configuration error naming the key, never a silent default.</summary>
    public static WarehouseTuning From(IConfiguration configuration)
    {
        var defaults = new WarehouseTuning();
        var reader = new SettingsReader(configuration);
        var tuning = new WarehouseTuning
        {
            RowsPerFile = reader.Number(SettingKeys.WarehouseRowsPerFile, defaults.RowsPerFile, 1),
            StagingWorkers = reader.Number(SettingKeys.WarehouseStagingWorkers, defaults.StagingWorkers, 1),
            StagingRetentionDays = reader.Number(SettingKeys.WarehouseStagingRetentionDays, defaults.StagingRetentionDays, 1),
        };
        reader.ThrowIfAny();
        return tuning;
    }
}
