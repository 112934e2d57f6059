using System.Collections.Concurrent;
using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The synthesized state machine under the real ASL interpreter, each task answered by a stub (no functions, no
/// database): what the definition itself does with the input an execution is started with.
/// </summary>
public class StateMachineInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Lazy<string> Definition = new(() => new SynthesizedStack(StackTemplateTests.Default.Value).StateMachineDefinition);

    [Theory]
    [InlineData("{}", "today")] // started by hand from the console with no input
    [InlineData("""{"partition":"2026-11-25"}""", "2026-11-25")]
    public async Task An_execution_started_without_a_partition_loads_today(string input, string expected)
    {
        var (result, payloads) = await ExecuteAsync(input, running: 1);

        Assert.True(result.StandardOutput.Contains("\"status\":\"SUCCEEDED\"", StringComparison.Ordinal), result.All);
        var (_, prepare) = payloads.First();
        Assert.Equal(expected, JsonDocument.Parse(prepare).RootElement.GetProperty("partition").GetString());
        Assert.Equal(1 + MarketAssets.Graph.ServicesInOrder.Count, payloads.Count);
    }

    [Fact]
    public async Task An_execution_started_while_another_runs_stops_before_any_task()
    {
        var (result, payloads) = await ExecuteAsync("""{"partition":"today"}""", running: 2);

        Assert.Contains("\"status\":\"FAILED\",\"error\":\"ExecutionAlreadyRunning\"", result.StandardOutput);
        Assert.Contains("two extractors never share the API's rate limit", result.StandardOutput);
        Assert.Empty(payloads);
    }

    private static async Task<(ProcessRun.Result Result, ConcurrentQueue<(string Function, string Payload)> Payloads)> ExecuteAsync(string input, int running)
    {
        var payloads = new ConcurrentQueue<(string Function, string Payload)>();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{port}"]);
        builder.Logging.ClearProviders();
        await using var stub = builder.Build();
        stub.MapPost("/invoke/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            payloads.Enqueue((name, await reader.ReadToEndAsync()));
            return Results.Json(new { succeeded = true, payload = JsonSerializer.Serialize(new { partition = "2026-11-25" }) });
        });
        await stub.StartAsync(Ct);
        var definition = Path.Combine(Path.GetTempPath(), $"marketaspire-sm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(definition, Definition.Value, Ct);
        try
        {
            await AwsLocalTools.EnsureInstalledAsync(Ct);
            var result = await ProcessRun.RunAsync("bash", [Path.Combine(RepoPaths.Scripts, "run-aws-execution.sh"), definition, input, $"http://127.0.0.1:{port}/invoke"],
                new Dictionary<string, string?> { ["LOCAL_RUNNING_EXECUTIONS"] = running.ToString(System.Globalization.CultureInfo.InvariantCulture) }, Ct);
            return (result, payloads);
        }
        finally
        {
            File.Delete(definition);
        }
    }
}
