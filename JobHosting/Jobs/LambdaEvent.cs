using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// What a Lambda invocation asks for: <c>{"partition": "YYYY-MM-DD" | "today", "startedAt": "ISO time",
/// "symbols": [...], "command": "migrate", "execution": "the Step Functions execution's ARN"}</c>. "today" is resolved from <c>startedAt</c> (the execution's start time, the
/// same for every task of an execution), so an execution that crosses midnight in New York loads the date it extracted.
/// </summary>
public sealed record LambdaEvent(DailyPartition Partition, IReadOnlyList<string>? Symbols, string? Command)
{
    /// <summary>The execution whose task this invocation is (the state machine passes <c>$$.Execution.Id</c>), if any.</summary>
    public RootRun? Root { get; init; }

    public static LambdaEvent Parse(string json, TimeProvider time)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var root = document.RootElement;
        var text = root.TryGetProperty("partition", out var p) ? p.GetString() : null;
        var startedAt = root.TryGetProperty("startedAt", out var s) && s.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(s.GetString(), out var at)
            ? at
            : time.GetUtcNow();
        var partition = text is null or "today" ? DailyPartition.Of(startedAt) : DailyPartition.Parse(text);
        IReadOnlyList<string>? symbols = root.TryGetProperty("symbols", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : null;
        var command = root.TryGetProperty("command", out var c) ? c.GetString() : null;
        var execution = root.TryGetProperty("execution", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return new LambdaEvent(partition, symbols, command) { Root = execution is { Length: > 0 } ? RootRun.OfExecution(execution) : null };
    }
}
