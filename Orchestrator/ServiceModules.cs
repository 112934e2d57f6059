using MarketAspire.Extractor;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Quality;
using MarketAspire.Warehouse;

namespace MarketAspire.Orchestrator;

/// <summary>The code of every service the Orchestrator hosts in its process; bound to the asset graph by name.</summary>
public static class ServiceModules
{
    public static IReadOnlyList<ServiceModule> All { get; } = [ExtractorModule.Module, WarehouseModule.Module, QualityModule.Module];
}
