using MarketAspire.LocalServers;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>Where the .NET SDK puts a project's executable, for the configuration the tests (and the AppHost's references) were built in.</summary>
internal static class BuildOutput
{
    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string Binary(string projectPath) =>
        Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", Configuration, "net10.0", Path.GetFileNameWithoutExtension(projectPath));

    public static string BinaryOf(string project) => Binary(Path.Combine(RepoPaths.Root, project, project + ".csproj"));
}
