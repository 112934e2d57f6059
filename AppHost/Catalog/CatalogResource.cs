using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.AppHost.Catalog;

internal static class CatalogResource
{
    public const string Name = "catalog";

    /// <summary>
    /// The catalog UI at <c>http://127.0.0.1:{MARKET_LOCAL_CATALOG_PORT}</c> (4590), linked from the dashboard with this
    /// launch's access token (<see cref="CatalogLink"/>). It reads as
    /// <c>marketaspire_catalog</c>, which the migrate job creates with the catalog's password; its buttons start the
    /// Orchestrator with the pipeline's own settings, the wiring the dashboard's commands use.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddCatalog(
        this IDistributedApplicationBuilder builder,
        LocalStackSettings settings,
        AssetGraphDefinition graph,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> wire)
    {
        var passwordKey = ServiceDatabaseUsers.PasswordKeyOf(ServiceDatabaseUsers.Catalog);
        var password = builder.AddParameter("catalog-db-password", settings.CatalogPassword, secret: true);
        var preparer = graph.Preparer ?? throw new InvalidOperationException("The asset graph names no service that prepares the warehouse.");
        var migrate = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == AssetGraphJobs.PrepareResourceName(preparer)))
            .WithEnvironment(passwordKey, password);

        var catalog = wire(builder.AddServiceJob(Name, "Catalog"))
            .WithArgs("--urls", $"http://127.0.0.1:{settings.CatalogPort}")
            .WithHttpEndpoint(port: settings.CatalogPort, targetPort: settings.CatalogPort, isProxied: false)
            .WithAccessToken(settings.CatalogPort)
            .WithHttpHealthCheck("/health")
            .WithEnvironment(passwordKey, password)
            .WithEnvironment(SettingKeys.OrchestratorProject, AssetGraphJobs.ProjectMetadata("Orchestrator").ProjectPath)
            .WaitForCompletion(migrate);
        if (settings.DashboardUrl is { } dashboard)
        {
            catalog.WithEnvironment(SettingKeys.DashboardUrl, dashboard);
        }

        return catalog;
    }
}
