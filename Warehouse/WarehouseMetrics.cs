using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MarketAspire.Warehouse;

/// <summary>The warehouse's telemetry: its spans, and the rows each load staged, rejected and applied to the fact table.</summary>
public sealed class WarehouseMetrics
{
    public const string Name = "MarketAspire.Warehouse";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _staged;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _loaded;

    public WarehouseMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _staged = meter.CreateCounter<long>("marketaspire.rows.staged", "{row}", "Raw rows parsed and staged for COPY.");
        _rejected = meter.CreateCounter<long>("marketaspire.rows.rejected", "{row}", "Raw rows rejected with a reason.");
        _loaded = meter.CreateCounter<long>("marketaspire.rows.loaded", "{row}", "Rows inserted into fct_stock_prices.");
    }

    public void Staged(long staged, long rejected)
    {
        _staged.Add(staged);
        _rejected.Add(rejected);
    }

    public void Loaded(long rows) => _loaded.Add(rows);
}
