using System.Text.Json;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// What an Orchestrator command did, as a value its caller reads (the file named by <c>--report</c>) instead of
/// parsing its console output: counts, the stop and refusal reasons, each failure, and the summary line it printed.
/// </summary>
public sealed record OrchestratorReport(
    int ExitCode,
    string Summary,
    int Partitions,
    int Ran,
    int Skipped,
    int NotStarted,
    IReadOnlyList<ReportedFailure> Failures,
    string? StopReason,
    string? Refusal)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public bool Succeeded => ExitCode == JobExitCodes.Succeeded;

    /// <summary>The summary, each failure, and why it stopped early: the lines a person needs, one per line.</summary>
    public string Describe() => string.Join("\n",
    [
        Summary,
        .. Failures.Select(f => $"FAILED {f.Partition} at {f.Step}: {f.Reason}"),
        .. StopReason is null ? [] : new[] { $"stopped early: {StopReason}" },
    ]);

    public async Task WriteAsync(string path, CancellationToken ct)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, ct);
    }

    /// <summary>
    /// The report at <paramref name="path"/>, or null when the command ended without writing a whole one (it could not
    /// start, or it was killed while writing): the caller falls back to the exit code and the console output.
    /// </summary>
    public static async Task<OrchestratorReport?> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<OrchestratorReport>(file, Json, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One partition that failed, the service it failed at, and why.</summary>
public sealed record ReportedFailure(string Partition, string Step, string Reason);
