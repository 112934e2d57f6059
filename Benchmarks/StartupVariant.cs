using CliWrap;
using MarketAspire.LocalServers;
using SdkOutput = MarketAspire.LocalServers.BuildOutput;

namespace MarketAspire.Benchmarks;

/// <summary>
/// One way to build and start a service's process: as the AppHost started it until 2026-12-03 (<c>dotnet run
/// --no-build</c>), as it starts it now (the project's own build output), the build output copied into the benchmark's
/// folder, or a published bundle (self-contained linux-x64 like the Lambda bundles), with the publish properties and
/// runtime settings it differs by.
/// </summary>
public sealed record StartupVariant(string Name, string? Bundle, string[] PublishProperties, IReadOnlyDictionary<string, string?> Environment)
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    /// <summary>The AppHost's way until 2026-12-03 (Aspire's DCP for a plain project resource): MSBuild evaluates the project first.</summary>
    public static readonly StartupVariant DotnetRun = new("dotnet run --no-build", null, [], NoEnvironment);

    /// <summary>The AppHost's way since 2026-12-03 (AppHost/BuiltProject.cs): the project's own build output, its apphost executable.</summary>
    public static readonly StartupVariant BuiltBinary = new("bin/Project (the AppHost's way)", null, [], NoEnvironment);

    /// <summary>The project's build output started by the muxer (framework-dependent, JIT only for its own and its packages' code).</summary>
    public static readonly StartupVariant BuildOutput = new("dotnet Project.dll", null, [], NoEnvironment);

    /// <summary>The variants to measure; composite, trimmed and Native AOT bundles only when asked (each takes minutes to publish here).</summary>
    public static IReadOnlyList<StartupVariant> All(bool composite, bool trimmed, bool aot)
    {
        string[] selfContained = ["-r", "linux-x64", "--self-contained", "true", "-p:InvariantGlobalization=true"];
        string[] readyToRun = [.. selfContained, "-p:PublishReadyToRun=true"];
        var variants = new List<StartupVariant>
        {
            DotnetRun,
            BuiltBinary,
            BuildOutput,
            new("self-contained", "self-contained", selfContained, NoEnvironment),
            new("ReadyToRun", "r2r", readyToRun, NoEnvironment),
            new("ReadyToRun, TieredPGO off", "r2r", readyToRun, new Dictionary<string, string?> { ["DOTNET_TieredPGO"] = "0" }),
            new("ReadyToRun, TieredCompilation off", "r2r", readyToRun, new Dictionary<string, string?> { ["DOTNET_TieredCompilation"] = "0" }),
        };
        if (composite)
        {
            // The framework and the application compiled as one image: 8 minutes for one service on this loaded machine.
            variants.Add(new("ReadyToRun composite", "r2r-composite", [.. readyToRun, "-p:PublishReadyToRunComposite=true"], NoEnvironment));
        }

        if (trimmed)
        {
            // Trimming's warnings (reflection in the AWS SDK, configuration binding, JSON) are shown, not fatal, here.
            variants.Add(new("ReadyToRun trimmed", "r2r-trimmed", [.. readyToRun, "-p:PublishTrimmed=true", "-p:TreatWarningsAsErrors=false"], NoEnvironment));
        }

        if (aot)
        {
            variants.Add(new("Native AOT", "aot", [.. selfContained, "-p:PublishAot=true", "-p:CppCompilerAndLinker=clang-14", "-p:TreatWarningsAsErrors=false"], NoEnvironment));
        }

        return variants;
    }

    /// <summary>Where the variant's bundle of a project is published (variants that differ only at run time share one).</summary>
    public string Folder(string project) => Path.Combine(RepoPaths.Root, "artifacts", "startup", Bundle ?? "none", project);

    /// <summary>Whether the project can be started this way: a build output, or a bundle that was published.</summary>
    public bool Exists(string project) => Bundle is null || File.Exists(Path.Combine(Folder(project), project));

    /// <summary>Publishes the project's bundle; returns what the publish wrote.</summary>
    public async Task<string> PublishAsync(string project, CancellationToken ct)
    {

        var output = new System.Text.StringBuilder();
        var result = await Cli.Wrap("dotnet")
            // Its own intermediate folder in every project: a composite or trimmed publish leaves files in obj/ that a
            // later plain ReadyToRun publish (scripts/publish-lambdas.sh) would take up, making a bundle that aborts at start.
            .WithArguments(["publish", Path.Combine(RepoPaths.Root, project, project + ".csproj"), "-c", "Release", .. PublishProperties,
                $"-p:IntermediateOutputPath=obj/startup/{Bundle}/", "-o", Folder(project), "--nologo", "-v", "quiet"])
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(ct);
        return result.ExitCode == 0
            ? output.ToString()
            : throw new InvalidOperationException($"dotnet publish {project} ({Name}) failed ({result.ExitCode}):\n{output}");
    }

    /// <summary>The command that starts the project's process with these arguments.</summary>
    public (string File, string[] Arguments) Command(string project, string[] arguments) => this switch
    {
        _ when ReferenceEquals(this, DotnetRun) =>
            ("dotnet", ["run", "--project", Path.Combine(RepoPaths.Root, project, project + ".csproj"), "--no-build", "--configuration", SdkOutput.Configuration, "--no-launch-profile", "--", .. arguments]),
        _ when ReferenceEquals(this, BuiltBinary) => (SdkOutput.BinaryOf(project), arguments),
        _ when ReferenceEquals(this, BuildOutput) => ("dotnet", [Path.Combine(AppContext.BaseDirectory, project + ".dll"), .. arguments]),
        _ => (Path.Combine(Folder(project), project), arguments),
    };
}
