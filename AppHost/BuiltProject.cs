namespace MarketAspire.AppHost;

/// <summary>
/// A project the AppHost's own build has already built (it references every service): run without building it again.
/// Without this, DCP starts each project with <c>dotnet run</c> and its up-to-date check, seconds before each job.
/// </summary>
internal sealed class BuiltProject(IProjectMetadata project) : IProjectMetadata
{
    public string ProjectPath => project.ProjectPath;

    public LaunchSettings? LaunchSettings => project.LaunchSettings;

    public bool SuppressBuild => true;

    public bool IsFileBasedApp => project.IsFileBasedApp;

    /// <summary>A project resource for a built project, configured as <c>AddProject</c> configures one.</summary>
    // WithProjectDefaults is marked experimental; it is exactly how AddProject configures a project resource.
#pragma warning disable ASPIREPROJECTS001
    public static IResourceBuilder<ProjectResource> Add(IDistributedApplicationBuilder builder, string name, IProjectMetadata project) =>
        builder.AddResource(new ProjectResource(name))
            .WithAnnotation<IProjectMetadata>(new BuiltProject(project))
            .WithProjectDefaults(new ProjectResourceOptions { ExcludeLaunchProfile = true });
#pragma warning restore ASPIREPROJECTS001
}
