namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// How the catalog's buttons start the Orchestrator: <c>dotnet run</c> of the project the AppHost's build already built,
/// without its launch profile, with the command's arguments. (The AppHost's own commands start its built binary.)
/// </summary>
public static class OrchestratorLaunch
{
    public static IReadOnlyList<string> Arguments(string project, IReadOnlyList<string> arguments) =>
        ["run", "--project", project, "--no-build", "--no-launch-profile", "--", .. arguments];
}
