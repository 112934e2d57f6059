using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Configuration;

namespace MarketAspire.AppHost;

internal static class Extensions
{
    /// <summary>Containers when a container engine is healthy (or asked for), processes otherwise.</summary>
    public static LocalInfrastructure AddLocalInfrastructure(this IDistributedApplicationBuilder builder, LocalStackSettings settings) =>
        ContainerEngine.Resolve(settings.Mode) == InfraMode.Containers
            ? ContainerInfrastructure.Add(builder, settings)
            : ProcessInfrastructure.Add(builder, settings);

    /// <summary>
    /// The market API: Alpha Vantage when a key is configured; otherwise nothing yet
    /// (the simulator joins the graph with the extraction issue).
    /// </summary>
    public static IResourceBuilder<ProjectResource>? AddMarketApi(this IDistributedApplicationBuilder builder, LocalStackSettings settings) => null;

    public static IResourceBuilder<ExecutableResource> WithMarketApi(
        this IResourceBuilder<ExecutableResource> job, IResourceBuilder<ProjectResource>? simulator, LocalStackSettings settings)
    {
        if (settings.MarketApiKey is not null)
        {
            var key = job.ApplicationBuilder.AddParameter("market-api-key", settings.MarketApiKey, secret: true);
            job.WithEnvironment(SettingKeys.MarketApiKey, key);
        }

        if (settings.MarketApiBaseUrl is not null)
        {
            job.WithEnvironment(SettingKeys.MarketApiBaseUrl, settings.MarketApiBaseUrl);
        }

        return job;
    }

    public static IResourceBuilder<ExecutableResource> WithSymbols(this IResourceBuilder<ExecutableResource> job, LocalStackSettings settings) =>
        settings.Symbols is null ? job : job.WithEnvironment(SettingKeys.MarketSymbols, settings.Symbols);
}
