using System.Reflection;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost;

/// <summary>
/// A project the AppHost's own build has built (it references every project it runs), started as its built binary.
/// DCP starts a plain project resource with <c>dotnet run</c>, whose MSBuild evaluation costs seconds before the
/// process reaches <c>Main</c> (docs/measurements.md, "Start-up"). The resource stays a project resource: the dashboard
/// shows it as one and <c>WithProjectDefaults</c> gives it the OTLP exporter and the environment, as <c>AddProject</c>
/// does; Aspire starts a project resource that carries an <see cref="ExecutableAnnotation"/> as that command, with the
/// resource's own arguments and no <c>dotnet run</c> in front.
/// </summary>
internal static class BuiltProject
{
    /// <summary>The assembly metadata key prefix under which AppHost.csproj records each referenced project's build output.</summary>
    public const string OutputMetadataPrefix = "builtproject:";

    /// <summary>A project resource for a project the AppHost's build built, configured as <c>AddProject</c> configures one.</summary>
    // WithProjectDefaults is marked experimental; it is exactly how AddProject configures a project resource.
#pragma warning disable ASPIREPROJECTS001
    public static IResourceBuilder<ProjectResource> Add(IDistributedApplicationBuilder builder, string name, IProjectMetadata project) =>
        builder.AddResource(new ProjectResource(name))
            .WithAnnotation(project)
            .WithProjectDefaults(new ProjectResourceOptions { ExcludeLaunchProfile = true })
            // The working directory `dotnet run` had under DCP: the project's folder (the host's content root).
            .WithAnnotation(new ExecutableAnnotation { Command = Binary(project), WorkingDirectory = Path.GetDirectoryName(project.ProjectPath)! });
#pragma warning restore ASPIREPROJECTS001

    /// <summary>The project's built executable (its apphost, beside the assembly the AppHost's build recorded).</summary>
    public static string Binary(IProjectMetadata project)
    {
        var assembly = typeof(BuiltProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key.StartsWith(OutputMetadataPrefix, StringComparison.Ordinal)
                && Path.GetFullPath(a.Key[OutputMetadataPrefix.Length..]) == Path.GetFullPath(project.ProjectPath))?.Value
            ?? throw new ConfigurationException(
                $"The AppHost's build recorded no build output for {project.ProjectPath}: reference it from AppHost/AppHost.csproj and build the AppHost.");
        var binary = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly) + (OperatingSystem.IsWindows() ? ".exe" : ""));
        return File.Exists(binary)
            ? binary
            : throw new ConfigurationException($"{binary} is not there: build the AppHost (dotnet build AppHost), which builds every project it runs.");
    }
}
