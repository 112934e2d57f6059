using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// The MarketAspire graph with one more asset (<c>daily_returns</c>, in a service of its own) and one more check on it:
/// what every runtime must take without code of its own changing.
/// </summary>
internal static class OneMoreAsset
{
    public const string Service = "analytics";

    public static readonly AssetKey DailyReturns = new("daily_returns");

    public static readonly AssetCheckDefinition ReturnsRecorded =
        new("returns_recorded", DailyReturns, CheckSeverity.Error, MarketAssets.Quality, "Every symbol of the partition has returns.");

    public static AssetGraphDefinition Graph { get; } = GraphWithProject("Analytics");

    /// <param name="project">The project that builds the new service (the AppHost needs one it references).</param>
    public static AssetGraphDefinition GraphWithProject(string project) => new(
        [.. MarketAssets.Graph.Services, new ServiceDefinition(Service, project)],
        [.. MarketAssets.Graph.Assets, new AssetDefinition(DailyReturns, [MarketAssets.FctStockPrices], Service, "Close-to-close returns.")],
        [.. MarketAssets.Graph.Checks, ReturnsRecorded]);
}
