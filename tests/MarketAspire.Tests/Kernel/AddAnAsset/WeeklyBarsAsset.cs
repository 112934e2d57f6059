using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Storage;

namespace MarketAspire.Tests.Kernel.AddAnAsset;

/// <summary>File 1 of 3: the asset's code. Weekly bars of the partition's week, counted from the fact table.</summary>
internal sealed class WeeklyBarsAsset(WarehouseDatabase warehouse) : IAsset
{
    public AssetKey Key => WeeklyBarsGraph.WeeklyBars;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var monday = context.Partition.Date.AddDays(-(((int)context.Partition.Date.DayOfWeek + 6) % 7));
        await using var command = warehouse.DataSource.CreateCommand(
            "SELECT count(DISTINCT symbol), count(*) FROM market_data.fct_stock_prices WHERE price_date BETWEEN @monday AND @day");
        command.Parameters.AddWithValue("monday", monday);
        command.Parameters.AddWithValue("day", context.Partition.Date);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new AssetOutput(null, new WeeklyBarsMetadata(reader.GetInt64(0), reader.GetInt64(1), monday));
    }
}

internal sealed record WeeklyBarsMetadata(long Symbols, long Bars, DateOnly WeekOf);
