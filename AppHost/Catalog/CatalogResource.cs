using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.AppHost.Catalog;

internal static class CatalogResource
{
    public const string Name = "catalog";

    /// <summary>
    /// The catalog UI at <c>http://127.0.0.1:{MARKET_LOCAL_CATALOG_PORT}</c> (4590), linked from the dashboard with this
    /// launch's access token (<see cref="CatalogLink"/>). It reads as
    /// <c>marketaspire_catalog</c>, which the migrate job creates with the catalog's password; its buttons start the
    /// Orchestrator with the pipeline's own settings, the wiring the dashboard's commands use, except that the secrets
    /// among them reach the runs through <see cref="RunSettingsFile"/>, never the catalog's own environment.
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
        var migrate = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ServiceResources.PrepareResourceName(preparer)))
            .WithEnvironment(passwordKey, password);

        var catalog = wire(builder.AddProjectResource(Name, "Catalog"))
            .WithArgs("--urls", $"http://127.0.0.1:{settings.CatalogPort}")
            .WithHttpEndpoint(port: settings.CatalogPort, targetPort: settings.CatalogPort, isProxied: false)
            .WithAccessToken(settings.CatalogPort)
            .WithHttpHealthCheck("/health")
            .WithEnvironment(passwordKey, password)
            .WithEnvironment(SettingKeys.OrchestratorProject, ServiceResources.ProjectMetadata("Orchestrator").ProjectPath)
            .WithRunSecretsInAFile()
            .WaitForCompletion(migrate);
        if (settings.DashboardUrl is { } dashboard)
        {
            catalog.WithEnvironment(SettingKeys.DashboardUrl, dashboard);
        }

        return catalog;
    }

    /// <summary>
    /// Moves the run secrets the wiring gave the catalog into this launch's <see cref="RunSettingsFile"/> when the
    /// catalog starts, and gives the catalog the file's path instead; the file goes when the AppHost stops. The catalog
    /// is wired as every process is, so a setting the runs need reaches them the one way, secret or not.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithRunSecretsInAFile(this IResourceBuilder<ProjectResource> catalog)
    {
        var file = new RunSettingsFile();
        catalog.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(file.Dispose);
            return Task.CompletedTask;
        });

        return catalog.WithEnvironment(async context =>
        {
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in RunSettingsFile.Keys)
            {
                if (context.EnvironmentVariables.Remove(key, out var value))
                {
                    secrets[key] = value switch
                    {
                        string text => text,
                        IValueProvider provider => await provider.GetValueAsync(context.CancellationToken) ?? "",
                        _ => throw new InvalidOperationException($"{key} of the catalog is wired as a {value.GetType().Name}, which the run settings file cannot resolve."),
                    };
                }
            }

            context.EnvironmentVariables[SettingKeys.CatalogRunSettings] = await file.WriteAsync(secrets, context.CancellationToken);
        });
    }
}
