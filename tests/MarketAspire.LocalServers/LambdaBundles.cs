using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.LocalServers;

/// <summary>
/// The functions' bundles exactly as the CDK app packages them: <c>scripts/publish-lambdas.sh</c> (self-contained
/// linux-x64, a <c>bootstrap</c> per service and for the sensor). Published once per content of what goes into them (the services'
/// projects and their references, the SQL, the build settings and the script itself) under
/// <c>artifacts/lambda-test/HASH</c>, so a test run whose sources did not change publishes nothing.
/// </summary>
public static class LambdaBundles
{
    private static readonly string[] Inputs =
        [.. MarketAspire.JobHosting.Jobs.DeployedFunctions.Projects(MarketAssets.Graph), "JobHosting", "AssetGraph", "ServiceDefaults", "sql"];
    private static readonly string[] RootFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", "scripts/publish-lambdas.sh"];
    private static readonly SemaphoreSlim OnePublish = new(1, 1);
    private static string? _published;

    public static string Cache => Path.Combine(RepoPaths.Root, "artifacts", "lambda-test");

    /// <summary>How long the last call spent publishing (zero when the cache had them).</summary>
    public static TimeSpan LastPublish { get; private set; }

    /// <summary>The folder holding one service project's bundle (its <c>bootstrap</c> and everything it runs).</summary>
    public static async Task<string> FolderAsync(string project, CancellationToken ct)
    {
        var root = await PublishedAsync(ct);
        var folder = Path.Combine(root, project);
        return File.Exists(Path.Combine(folder, "bootstrap"))
            ? folder
            : throw new InvalidOperationException($"scripts/publish-lambdas.sh published no bundle for {project} in {root}.");
    }

    private static async Task<string> PublishedAsync(CancellationToken ct)
    {
        await OnePublish.WaitAsync(ct);
        try
        {
            if (_published is not null)
            {
                return _published;
            }

            var target = Path.Combine(Cache, InputHash());
            if (!Directory.Exists(target))
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                var staging = target + ".publishing-" + Environment.ProcessId;
                var result = await Cli.Wrap("bash")
                    .WithArguments([Path.Combine(RepoPaths.Scripts, "publish-lambdas.sh"), staging])
                    .WithWorkingDirectory(RepoPaths.Root)
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(ct);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"scripts/publish-lambdas.sh failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
                }

                foreach (var old in Directory.Exists(Cache) ? Directory.GetDirectories(Cache) : [])
                {
                    if (old != staging)
                    {
                        Directory.Delete(old, recursive: true); // one set of bundles kept: each is about 110 MB
                    }
                }

                Directory.Move(staging, target);
                LastPublish = started.Elapsed;
            }

            return _published = target;
        }
        finally
        {
            OnePublish.Release();
        }
    }

    /// <summary>Every source file that goes into a bundle, by path and content.</summary>
    private static string InputHash()
    {
        var files = Inputs
            .SelectMany(input => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, input), "*", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(RepoPaths.Root, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Concat(RootFiles.Select(file => Path.Combine(RepoPaths.Root, file)))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(RepoPaths.Root, file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
