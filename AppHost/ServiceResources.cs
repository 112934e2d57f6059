using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.AppHost;

/// <summary>
/// Turns the asset graph's services into resources: one project resource per service (it runs the service's job for the
/// partition), ordered by the graph with WaitForCompletion.
/// </summary>
internal static class ServiceResources
{
    public static IReadOnlyDictionary<string, IResourceBuilder<ProjectResource>> AddServiceResources(
        this IDistributedApplicationBuilder builder,
        AssetGraphDefinition graph,
        IStackInfrastructure infrastructure,
        string partition,
        Action<ServiceDefinition, IResourceBuilder<ProjectResource>> wire)
    {
        var preparer = graph.Preparer ?? throw new InvalidOperationException("The asset graph names no service that prepares the warehouse (PrepareCommand).");
        var migrate = infrastructure.Wire(builder.AddProjectResource(PrepareResourceName(preparer), preparer.Project))
            .WithArgs(preparer.PrepareCommand!);

        var resources = new Dictionary<string, IResourceBuilder<ProjectResource>>();
        foreach (var service in graph.ServicesInOrder)
        {
            var resource = builder.AddProjectResource(service.Name, service.Project)
                .WithArgs("--partition", partition)
                .WaitForCompletion(migrate);

            foreach (var upstream in graph.UpstreamServices(service.Name))
            {
                resource.WaitForCompletion(resources[upstream.Name]);
            }

            wire(service, resource);
            resources[service.Name] = resource;
        }

        return resources;
    }

    /// <summary>The resource that prepares the warehouse before the jobs (<c>warehouse-migrate</c>).</summary>
    public static string PrepareResourceName(ServiceDefinition preparer) => $"{preparer.Name}-{preparer.PrepareCommand}";

    /// <summary>
    /// A project of the solution as a project resource started as its built binary (<see cref="BuiltProject"/>), found
    /// through the AppHost's generated project metadata. OTLP and the environment name come with project resources.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProjectResource(this IDistributedApplicationBuilder builder, string name, string project) =>
        BuiltProject.Add(builder, name, ProjectMetadata(project));

    /// <summary>The project file of a project the AppHost references (its generated <c>Projects.X</c> metadata).</summary>
    public static IProjectMetadata ProjectMetadata(string project) =>
        typeof(ServiceResources).Assembly.GetType("Projects." + project) is { } type && Activator.CreateInstance(type) is IProjectMetadata metadata
            ? metadata
            : throw new JobHosting.Configuration.ConfigurationException(
                $"The AppHost does not reference the {project} project that the asset graph names: add <ProjectReference Include=\"..\\{project}\\{project}.csproj\" /> to AppHost/AppHost.csproj.");
}
