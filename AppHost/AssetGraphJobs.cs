using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.AppHost;

/// <summary>
/// Turns the asset graph into job resources: one project resource per service, ordered by the graph with
/// WaitForCompletion.
/// </summary>
internal static class AssetGraphJobs
{
    public static IReadOnlyDictionary<string, IResourceBuilder<ProjectResource>> AddAssetGraphJobs(
        this IDistributedApplicationBuilder builder,
        AssetGraphDefinition graph,
        IStackInfrastructure infrastructure,
        string partition,
        Action<ServiceDefinition, IResourceBuilder<ProjectResource>> wire)
    {
        var preparer = graph.Preparer ?? throw new InvalidOperationException("The asset graph names no service that prepares the warehouse (PrepareCommand).");
        var migrate = infrastructure.Wire(builder.AddServiceJob(PrepareResourceName(preparer), preparer.Project))
            .WithArgs(preparer.PrepareCommand!);

        var jobs = new Dictionary<string, IResourceBuilder<ProjectResource>>();
        foreach (var service in graph.ServicesInOrder)
        {
            var job = builder.AddServiceJob(service.Name, service.Project)
                .WithArgs("--partition", partition)
                .WaitForCompletion(migrate);

            foreach (var upstream in graph.UpstreamServices(service.Name))
            {
                job.WaitForCompletion(jobs[upstream.Name]);
            }

            wire(service, job);
            jobs[service.Name] = job;
        }

        return jobs;
    }

    /// <summary>The resource that prepares the warehouse before the jobs (<c>warehouse-migrate</c>).</summary>
    public static string PrepareResourceName(ServiceDefinition preparer) => $"{preparer.Name}-{preparer.PrepareCommand}";

    /// <summary>
    /// A project of the solution as a project resource (the dashboard shows it as one; an IDE can debug it), found
    /// through the AppHost's generated project metadata. OTLP and the environment name come with project resources.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddServiceJob(this IDistributedApplicationBuilder builder, string name, string project) =>
        BuiltProject.Add(builder, name, ProjectMetadata(project));

    /// <summary>The project file of a project the AppHost references (its generated <c>Projects.X</c> metadata).</summary>
    public static IProjectMetadata ProjectMetadata(string project) =>
        typeof(AssetGraphJobs).Assembly.GetType("Projects." + project) is { } type && Activator.CreateInstance(type) is IProjectMetadata metadata
            ? metadata
            : throw new JobHosting.Configuration.ConfigurationException(
                $"The AppHost does not reference the {project} project that the asset graph names: add <ProjectReference Include=\"..\\{project}\\{project}.csproj\" /> to AppHost/AppHost.csproj.");
}
