namespace MarketAspire.LocalServers;

/// <summary>
/// Where the .NET SDK puts a project's executable, for the configuration this code was built in (the tests and the
/// benchmarks build the projects they start in their own configuration).
/// </summary>
public static class BuildOutput
{
    public const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string Binary(string projectPath) =>
        Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", Configuration, "net10.0", Path.GetFileNameWithoutExtension(projectPath));

    /// <summary>The executable of a project of this repository, by its name.</summary>
    public static string BinaryOf(string project) => Binary(Path.Combine(RepoPaths.Root, project, project + ".csproj"));
}
