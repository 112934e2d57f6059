using System.Text.Json;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>The Task states of a state machine definition (inside Map and Parallel too), with their Retry and Catch entries.</summary>
internal static class DefinitionTasks
{
    public const string LambdaInvoke = "arn:aws:states:::lambda:invoke";

    public sealed record Retrier(IReadOnlyList<string> Errors, int MaxAttempts)
    {
        /// <summary>Whether this retrier catches the error (States.TaskFailed matches every error but a timeout).</summary>
        public bool Matches(string error) => Errors.Contains(error) || Errors.Contains("States.ALL") || (Errors.Contains("States.TaskFailed") && error != "States.Timeout");
    }

    public sealed record Catcher(IReadOnlyList<string> Errors, string Next)
    {
        public bool Matches(string error) => new Retrier(Errors, 0).Matches(error);
    }

    public sealed record TaskState(string Name, string Resource, double? TimeoutSeconds, string? FunctionName, IReadOnlyList<Retrier> Retry, IReadOnlyList<Catcher> Catch)
    {
        public bool InvokesLambda => Resource == LambdaInvoke;
    }

    public static IReadOnlyList<TaskState> Read(string definition)
    {
        using var document = JsonDocument.Parse(definition);
        var found = new List<TaskState>();
        Collect(document.RootElement.GetProperty("States"), found);
        return found;
    }

    private static void Collect(JsonElement states, List<TaskState> found)
    {
        foreach (var state in states.EnumerateObject())
        {
            var type = state.Value.GetProperty("Type").GetString();
            if (type == "Task")
            {
                found.Add(Task(state.Name, state.Value));
            }
            else if (type == "Map")
            {
                var processor = state.Value.TryGetProperty("ItemProcessor", out var p) ? p : state.Value.GetProperty("Iterator");
                Collect(processor.GetProperty("States"), found);
            }
            else if (type == "Parallel")
            {
                foreach (var branch in state.Value.GetProperty("Branches").EnumerateArray())
                {
                    Collect(branch.GetProperty("States"), found);
                }
            }
        }
    }

    private static TaskState Task(string name, JsonElement state)
    {
        // ASL's defaults: MaxAttempts 3 when a retrier does not say.
        var retry = state.TryGetProperty("Retry", out var r)
            ? r.EnumerateArray().Select(e => new Retrier(Errors(e), e.TryGetProperty("MaxAttempts", out var m) ? m.GetInt32() : 3)).ToList()
            : [];
        var @catch = state.TryGetProperty("Catch", out var c)
            ? c.EnumerateArray().Select(e => new Catcher(Errors(e), e.GetProperty("Next").GetString()!)).ToList()
            : [];
        var timeout = state.TryGetProperty("TimeoutSeconds", out var t) ? t.GetDouble() : (double?)null;
        var function = state.TryGetProperty("Parameters", out var p) && p.TryGetProperty("FunctionName", out var f) ? f.GetString() : null;
        return new TaskState(name, state.GetProperty("Resource").GetString()!, timeout, function, retry, @catch);
    }

    private static List<string> Errors(JsonElement entry) => entry.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()!).ToList();
}
