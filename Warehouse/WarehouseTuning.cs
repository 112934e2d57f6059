using Microsoft.Extensions.Configuration;

namespace MarketAspire.Warehouse;

/// <summary>Knobs for the load, chosen by measurement (see the README's benchmark section).</summary>
public sealed class WarehouseTuning
{
    public const string RowsPerFileKey = "WAREHOUSE_ROWS_PER_FILE";
    public const string StagingWorkersKey = "WAREHOUSE_STAGING_WORKERS";

    public int RowsPerFile { get; init; } = 250_000;

    public int StagingWorkers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    public static WarehouseTuning From(IConfiguration configuration)
    {
        var defaults = new WarehouseTuning();
        return new WarehouseTuning
        {
            RowsPerFile = int.TryParse(configuration[RowsPerFileKey], out var rows) && rows > 0 ? rows : defaults.RowsPerFile,
            StagingWorkers = int.TryParse(configuration[StagingWorkersKey], out var workers) && workers > 0 ? workers : defaults.StagingWorkers,
        };
    }
}
