using System.Net.Http.Json;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.AssetGraph.Jobs;

/// <summary>
/// The thin Lambda handler every service shares: it serves the Lambda Runtime API (custom runtime <c>provided.al2023</c>;
/// no Amazon.Lambda package is needed) by running the service's own job for each invocation.
/// Event: <c>{"partition": "YYYY-MM-DD" | "today", "symbols": ["IBM"]}</c>. A failed job is reported as an invocation
/// error, so the Step Functions task (and the execution) fails with the job's reason.
/// </summary>
public static class LambdaRuntime
{
    public const string ApiVariable = "AWS_LAMBDA_RUNTIME_API";

    public static string? Api => Environment.GetEnvironmentVariable(ApiVariable) is { Length: > 0 } api ? api : null;

    /// <summary>Serves invocations until the Runtime API stops answering (Lambda freezes or ends the process before that).</summary>
    public static async Task<int> ServeAsync(IHost host, string api, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"), Timeout = Timeout.InfiniteTimeSpan };
        var runner = host.Services.GetRequiredService<JobRunner>();
        var time = host.Services.GetRequiredService<TimeProvider>();
        while (!ct.IsCancellationRequested)
        {
            using var next = await http.GetAsync(new Uri("invocation/next", UriKind.Relative), ct);
            if (!next.IsSuccessStatusCode)
            {
                return JobExitCodes.Succeeded;
            }

            var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
            HttpResponseMessage posted;
            try
            {
                var (partition, symbols) = ParseEvent(await next.Content.ReadAsStringAsync(ct), time);
                var result = await runner.ExecuteAsync(partition, null, symbols, ct);
                posted = result.ExitCode == JobExitCodes.Succeeded
                    ? await http.PostAsJsonAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative),
                        new { service = runner.Service, partition = partition.Key, run_id = result.RunId, status = "succeeded" }, ct)
                    : await PostErrorAsync(http, requestId, "JobFailed", $"{runner.Service} {partition}: {result.Error}", ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                posted = await PostErrorAsync(http, requestId, ex.GetType().Name, ex.Message, ct);
            }

            using (posted)
            {
                posted.EnsureSuccessStatusCode();
            }
        }

        return JobExitCodes.Succeeded;
    }

    internal static (DailyPartition Partition, IReadOnlyList<string>? Symbols) ParseEvent(string json, TimeProvider time)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var root = document.RootElement;
        var text = root.TryGetProperty("partition", out var p) ? p.GetString() : null;
        var partition = text is null or "today" ? DailyPartition.Latest(time) : DailyPartition.Parse(text);
        IReadOnlyList<string>? symbols = root.TryGetProperty("symbols", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : null;
        return (partition, symbols);
    }

    private static Task<HttpResponseMessage> PostErrorAsync(HttpClient http, string requestId, string type, string message, CancellationToken ct) =>
        http.PostAsJsonAsync(new Uri($"invocation/{requestId}/error", UriKind.Relative), new { errorType = type, errorMessage = message }, ct);
}
