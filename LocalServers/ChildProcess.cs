using System.Text;
using CliWrap;

namespace MarketAspire.LocalServers;

/// <summary>
/// A server process the tests start with the same scripts the AppHost uses (CliWrap): stopped with SIGINT, then killed
/// with its children if it has not exited within ten seconds.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly StringBuilder _output = new();
    private readonly CommandTask<CommandResult> _execution;

    public ChildProcess(string fileName, IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var sink = PipeTarget.ToDelegate(Append);
        _execution = Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithWorkingDirectory(RepoPaths.Root)
            .WithEnvironmentVariables(environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(sink)
            .WithStandardErrorPipe(sink)
            .ExecuteAsync(_forceful.Token, _graceful.Token);
    }

    public bool HasExited => _execution.Task.IsCompleted;

    /// <summary>The exit code; a process ended by <see cref="Kill"/> or <see cref="DisposeAsync"/> reports -1.</summary>
    public int ExitCode => _execution.Task.IsCompletedSuccessfully ? _execution.Task.Result.ExitCode : -1;

    public async Task WaitForExitAsync(CancellationToken ct)
    {
        try
        {
            await _execution.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Killed by Kill() or DisposeAsync(): it has exited.
        }
    }

    /// <summary>Ends the process and its children at once (SIGKILL), as Lambda ends a sandbox that ran out of time.</summary>
    public void Kill() => _forceful.Cancel();

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            _forceful.CancelAfter(GracePeriod);
            await _graceful.CancelAsync();
            await WaitForExitAsync(CancellationToken.None);
        }

        _graceful.Dispose();
        _forceful.Dispose();
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
