using System.Diagnostics;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>Tells whether a container engine answers: only then may the app model contain container resources.</summary>
internal static class ContainerEngine
{
    public static bool IsHealthy(TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0 && process.StandardOutput.ReadToEnd().Trim().Length > 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }

    public static InfraMode Resolve(InfraMode requested) => requested switch
    {
        InfraMode.Auto => IsHealthy(TimeSpan.FromSeconds(5)) ? InfraMode.Containers : InfraMode.Processes,
        _ => requested,
    };
}
