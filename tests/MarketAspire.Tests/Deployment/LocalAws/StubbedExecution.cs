using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>How the stubbed Lambda integration answers one invocation of a task.</summary>
internal abstract record StubAnswer
{
    public static readonly StubAnswer Succeed = new Success();
    public static readonly StubAnswer Hang = new Hanging();

    public static StubAnswer Fail(string error) => new Failure(error);

    public sealed record Success : StubAnswer;

    public sealed record Failure(string Error) : StubAnswer;

    public sealed record Hanging : StubAnswer;
}

/// <summary>
/// One execution of a definition under the real ASL interpreter (scripts/run-aws-execution.sh), every lambda:invoke
/// task answered by a stub that decides per state and attempt, with one second of the definition's timeouts and retry
/// intervals lasting <see cref="SecondMs"/> ms.
/// </summary>
internal static class StubbedExecution
{
    public const int SecondMs = 5;

    public sealed record Outcome(string Status, string? Error, IReadOnlyList<string> Events, IReadOnlyDictionary<string, int> Invocations, string Raw)
    {
        public int Count(string eventType, string state) => Events.Count(e => e == $"{eventType}:{state}");

        public int InvocationsOf(string state) => Invocations.GetValueOrDefault(state);
    }

    /// <param name="answer">The answer to the given state's given invocation (1 is the first).</param>
    /// <param name="environment">More of the interpreter's variables (LOCAL_LIST_EXECUTIONS_ERRORS, say).</param>
    public static async Task<Outcome> RunAsync(
        string definition, string input, Func<string, int, StubAnswer> answer, CancellationToken ct, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var invocations = new ConcurrentDictionary<string, int>();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{port}"]);
        builder.Logging.ClearProviders();
        await using var stub = builder.Build();
        stub.MapPost("/invoke/{name}", async (string name, HttpRequest request) =>
        {
            var state = Uri.UnescapeDataString(request.Headers["x-state-name"].ToString());
            switch (answer(state, invocations.AddOrUpdate(state, 1, (_, n) => n + 1)))
            {
                case StubAnswer.Failure failure:
                    return Results.Json(new { succeeded = false, errorType = failure.Error, errorMessage = $"injected {failure.Error}" });
                case StubAnswer.Hanging:
                    try
                    {
                        await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The interpreter gave up on the task and ended: nobody reads this answer.
                    }

                    return Results.Empty;
                default:
                    return Results.Json(new { succeeded = true, payload = JsonSerializer.Serialize(new { partition = "2026-11-25" }) });
            }
        });
        await stub.StartAsync(ct);
        var file = Path.Combine(Path.GetTempPath(), $"marketaspire-sm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, definition, ct);
        try
        {
            await AwsLocalTools.EnsureInstalledAsync(ct);
            var result = await ProcessRun.RunAsync("bash", [Path.Combine(RepoPaths.Scripts, "run-aws-execution.sh"), file, input, $"http://127.0.0.1:{port}/invoke"],
                new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["LOCAL_SECOND_MS"] = SecondMs.ToString(CultureInfo.InvariantCulture) }, ct);
            var last = result.StandardOutput.Trim().Split('\n')[^1];
            using var outcome = JsonDocument.Parse(last);
            var root = outcome.RootElement;
            return new Outcome(
                root.GetProperty("status").GetString()!,
                root.TryGetProperty("error", out var error) ? error.GetString() : null,
                root.TryGetProperty("events", out var events) ? events.EnumerateArray().Select(e => e.GetString()!).ToList() : [],
                new Dictionary<string, int>(invocations),
                result.All);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
