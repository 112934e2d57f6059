using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The npm packages of tools/aws-local (the ASL interpreter, the IAM simulator), installed from its lock file once per
/// checkout. Every test that runs them comes here first, so two tests never run <c>npm ci</c> in the folder at once.
/// </summary>
internal static class AwsLocalTools
{
    private static readonly SemaphoreSlim OneInstall = new(1, 1);

    public static string Folder => Path.Combine(RepoPaths.Root, "tools", "aws-local");

    public static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        string[] packages = ["aws-local-stepfunctions", Path.Combine("@cloud-copilot", "iam-simulate"), "asl-validator"];
        bool Installed() => packages.All(p => Directory.Exists(Path.Combine(Folder, "node_modules", p)));
        if (Installed())
        {
            return;
        }

        await OneInstall.WaitAsync(ct);
        try
        {
            if (!Installed())
            {
                var install = await ProcessRun.RunAsync("npm", ["ci", "--prefix", Folder, "--no-audit", "--no-fund", "--loglevel=error"], new Dictionary<string, string?>(), ct);
                if (install.ExitCode != 0 || !Installed())
                {
                    throw new InvalidOperationException($"npm ci in {Folder} failed ({install.ExitCode}):\n{install.All}");
                }
            }
        }
        finally
        {
            OneInstall.Release();
        }
    }
}
