using System.Diagnostics;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost.Orchestration;

/// <summary>Runs the Orchestrator binary against the local stack (dashboard commands, the daily schedule).</summary>
internal sealed class OrchestratorProcess(LocalStackSettings settings, string binary)
{
    public async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet", [binary, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = settings.RepoRoot,
        };
        foreach (var (key, value) in Environment(settings))
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the orchestrator.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>The same settings the AppHost gives its jobs.</summary>
    public static Dictionary<string, string> Environment(LocalStackSettings settings)
    {
        var env = new Dictionary<string, string>
        {
            [SettingKeys.RedshiftHost] = "127.0.0.1",
            [SettingKeys.RedshiftPort] = settings.WarehousePort.ToString(),
            [SettingKeys.RedshiftDb] = settings.Database,
            [SettingKeys.RedshiftUser] = settings.User,
            [SettingKeys.RedshiftPassword] = settings.Password,
            [SettingKeys.WarehouseDialect] = "postgres",
            [SettingKeys.BucketName] = settings.BucketName,
            [SettingKeys.AwsRegion] = settings.Region,
            [SettingKeys.S3Endpoint] = settings.S3Endpoint,
            [DotEnvFile.PathVariable] = "none",
            [SettingKeys.MarketApiBaseUrl] = settings.MarketApiBaseUrl ?? $"http://127.0.0.1:{settings.ApiPort}",
        };
        if (settings.MarketApiKey is not null)
        {
            env[SettingKeys.MarketApiKey] = settings.MarketApiKey;
        }

        if (settings.Symbols is not null)
        {
            env[SettingKeys.MarketSymbols] = settings.Symbols;
        }

        if (settings.TimeTravel && settings.MarketApiKey is null)
        {
            env[SettingKeys.MarketApiTimeTravel] = "true";
        }

        return env;
    }
}
