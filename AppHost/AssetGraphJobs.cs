using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.AppHost;

/// <summary>
/// Turns the asset graph into job resources: one per service, ordered by the graph with WaitForCompletion.
/// Jobs run the services' built binaries (the AppHost's build builds them): a <c>dotnet run</c> per job would
/// re-check the build each time, several seconds a job.
/// </summary>
internal static class AssetGraphJobs
{
    public const string MigrateResource = "warehouse-migrate";

    public static IReadOnlyDictionary<string, IResourceBuilder<ExecutableResource>> AddAssetGraphJobs(
        this IDistributedApplicationBuilder builder,
        AssetGraphDefinition graph,
        LocalInfrastructure infrastructure,
        string partition,
        Action<ServiceDefinition, IResourceBuilder<ExecutableResource>> configure)
    {
        var settings = infrastructure.Settings;
        var migrate = infrastructure.Wire(builder.AddServiceJob(MigrateResource, settings, "Warehouse"))
            .WithArgs("migrate");

        var jobs = new Dictionary<string, IResourceBuilder<ExecutableResource>>();
        foreach (var service in graph.ServicesInOrder)
        {
            var job = infrastructure.Wire(builder.AddServiceJob(service.Name, settings, service.Project))
                .WithArgs("--partition", partition)
                .WaitForCompletion(migrate);

            foreach (var upstream in graph.UpstreamServices(service.Name))
            {
                job.WaitForCompletion(jobs[upstream.Name]);
            }

            configure(service, job);
            jobs[service.Name] = job;
        }

        return jobs;
    }

    /// <summary>A service's built binary as an executable resource that sends its telemetry to the dashboard.</summary>
    public static IResourceBuilder<ExecutableResource> AddServiceJob(
        this IDistributedApplicationBuilder builder, string name, LocalStackSettings settings, string project)
    {
        var binary = ServiceBinary(settings, project);
        return builder.AddExecutable(name, "dotnet", Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(binary))))!, binary)
            .WithOtlpExporter()
            .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName);
    }

    /// <summary>The built binary of a project of the solution (the AppHost's build builds its references).</summary>
    public static string ServiceBinary(LocalStackSettings settings, string project)
    {
        var binary = Path.Combine(settings.RepoRoot, project, "bin", BuildConfiguration, "net10.0", $"{project}.dll");
        return File.Exists(binary)
            ? binary
            : throw new JobHosting.Configuration.ConfigurationException(
                $"The {project} service is not built ({binary} is missing). Build the solution first: dotnet build MarketAspire.sln -c {BuildConfiguration}");
    }

    // The services are built with the AppHost's own configuration (they are its project references).
    private static string BuildConfiguration { get; } =
        typeof(AssetGraphJobs).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Debug";
}
