using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>Tells whether a container engine answers: only then may the app model contain container resources.</summary>
internal static class ContainerEngine
{
    public static async Task<bool> IsHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var result = await Cli.Wrap("docker")
                .WithArguments(["info", "--format", "{{.ServerVersion}}"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(deadline.Token);
            return result.ExitCode == 0 && result.StandardOutput.Trim().Length > 0;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false; // the engine did not answer in time (CliWrap killed the client)
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return false; // no docker client at all
        }
    }
}
