using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The deployed shape, run on this machine: every function of the synthesized template as its published bundle (what
/// the CDK app packages) under the Lambda Runtime API emulator, in a sandbox shaped like Lambda's, the template's state machine under a real ASL interpreter (Node,
/// aws-local-stepfunctions, validated by asl-validator), the same S3 emulator and PostgreSQL as the local stack, and
/// the market-API simulator for Alpha Vantage. What differs from AWS, on purpose and only here: the warehouse dialect
/// is PostgreSQL (Redshift cannot run here), the S3 endpoint and the API's address are local, and the secrets come
/// from the emulated Parameters and Secrets extension.
/// </summary>
internal sealed class LocalAwsRun : IAsyncDisposable
{
    private readonly Dictionary<string, LambdaFunctionEmulator> _functions = [];
    private readonly WebApplication _control;
    private readonly int _controlPort = FreePort.Next();

    private LocalAwsRun(SynthesizedStack stack)
    {
        Stack = stack;
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{_controlPort}"]);
        builder.Logging.ClearProviders();
        _control = builder.Build();
        _control.MapPost("/invoke/{name}", async (string name, HttpRequest request) =>
        {
            var state = Uri.UnescapeDataString(request.Headers["x-state-name"].ToString());
            var fault = _faults.TryGetValue(state, out var queued) && queued.TryDequeue(out var next) ? next : null;
            Invoked.Enqueue(name);
            if (fault is { AfterInvoke: false })
            {
                return IntegrationError(fault.Error);
            }

            using var reader = new StreamReader(request.Body);
            var result = await _functions[name].InvokeAsync(await reader.ReadToEndAsync(), request.HttpContext.RequestAborted);
            return fault is not null
                ? IntegrationError(fault.Error)
                : Results.Json(new { succeeded = result.Succeeded, payload = result.Payload, errorType = result.ErrorType, errorMessage = result.ErrorMessage });
        });
    }

    public SynthesizedStack Stack { get; }

    /// <summary>
    /// An error the Lambda integration answers for a task state's next invocation, as Step Functions reports
    /// Lambda.ServiceException or Lambda.TooManyRequestsException: before the function is invoked, or after it ran
    /// (its answer lost).
    /// </summary>
    public sealed record IntegrationFault(string Error, bool AfterInvoke);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<IntegrationFault>> _faults = new();

    public void Inject(string state, params IntegrationFault[] faults) => _faults[state] = new ConcurrentQueue<IntegrationFault>(faults);

    private static IResult IntegrationError(string error) =>
        Results.Json(new { succeeded = false, errorType = error, errorMessage = $"{error} (injected by the local run)" });

    public IReadOnlyDictionary<string, LambdaFunctionEmulator> Functions => _functions;

    /// <summary>Every function the state machine invoked (lambda:InvokeFunction as its role), refused ones included.</summary>
    public ConcurrentQueue<string> Invoked { get; } = new();

    public LambdaFunctionEmulator Function(string service) => _functions.Values.Single(f => f.Name == Stack.Functions.Single(s => s.Service == service).LogicalId);

    /// <param name="local">The isolated database and bucket (REDSHIFT_*, S3_BUCKET_NAME, AWS_ENDPOINT_URL_S3, credentials).</param>
    /// <param name="timeouts">Shorter timeouts for some services (a test of the deadline).</param>
    /// <param name="settings">Variables of every function beyond the template's (a fault cell's shorter statement timeout).</param>
    /// <param name="snsEndpoint">Where SNS is on this machine (a receiver of the test's): the sensor publishes its alerts there.</param>
    /// <param name="givenSecrets">The values of the secrets the stack was given by ARN, by ARN.</param>
    public static async Task<LocalAwsRun> StartAsync(
        SynthesizedStack stack, IReadOnlyDictionary<string, string?> local, string marketApiUrl, CancellationToken ct,
        IReadOnlyDictionary<string, TimeSpan>? timeouts = null, IReadOnlyDictionary<string, string>? settings = null, Uri? snsEndpoint = null,
        IReadOnlyDictionary<string, string>? givenSecrets = null)
    {
        var run = new LocalAwsRun(stack);
        var machine = new LocalMachine(local, marketApiUrl, snsEndpoint, settings ?? new Dictionary<string, string>(), givenSecrets ?? new Dictionary<string, string>());
        foreach (var function in stack.Functions)
        {
            var project = MarketAssets.Graph.Services.Single(s => s.Name == function.Service).Project;
            var timeout = timeouts?.GetValueOrDefault(function.Service) is { } shorter && shorter > TimeSpan.Zero ? shorter : function.Timeout;
            run._functions[function.LogicalId] = await machine.StartAsync(function, project, timeout, ct);
        }

        run.Sensor = await machine.StartAsync(stack.Sensor, JobHosting.Jobs.DeployedFunctions.SensorProject, stack.Sensor.Timeout, ct);
        await run._control.StartAsync(ct);
        return run;
    }

    /// <summary>The freshness sensor's function (not one the state machine invokes): invoked by <see cref="InvokeSensorAsScheduledAsync"/>.</summary>
    public LambdaFunctionEmulator Sensor { get; private set; } = null!;

    /// <summary>How many times the sensor's schedule invoked it (lambda:InvokeFunction as the scheduler's role).</summary>
    public int SensorInvocations { get; private set; }

    /// <summary>Invokes the sensor as its EventBridge schedule does: the target function and the input the template gives it.</summary>
    public Task<LambdaResult> InvokeSensorAsScheduledAsync(CancellationToken ct)
    {
        var target = Stack.SensorScheduleTarget;
        var function = target.GetProperty("Arn").GetProperty("Fn::GetAtt")[0].GetString();
        if (function != Sensor.Name)
        {
            throw new InvalidOperationException($"The sensor's schedule targets {function}, not the sensor function {Sensor.Name}.");
        }

        SensorInvocations++;
        return Sensor.InvokeAsync(target.GetProperty("Input").GetString()!, ct);
    }

    /// <summary>Runs one execution to its end and returns how it ended.</summary>
    public async Task<ExecutionOutcome> ExecuteAsync(string input, CancellationToken ct)
    {
        var definition = Path.Combine(Path.GetTempPath(), $"marketaspire-sm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(definition, Stack.StateMachineDefinition, ct);
        try
        {
            var watch = Stopwatch.StartNew();
            await AwsLocalTools.EnsureInstalledAsync(ct);
            var result = await Infrastructure.ProcessRun.RunAsync("bash",
                [Path.Combine(RepoPaths.Scripts, "run-aws-execution.sh"), definition, input, $"http://127.0.0.1:{_controlPort}/invoke"],
                // With faults, a retry's 5 s wait lasts 0.5 s; a task's timeout (its function's plus a minute) stays
                // beyond any function run here.
                new Dictionary<string, string?>
                {
                    ["LOCAL_SECOND_MS"] = _faults.IsEmpty ? null : "100",
                    ["LOCAL_EXECUTION_ARN"] = $"arn:aws:states:{SynthesizedStack.Region}:{SynthesizedStack.Account}:execution:{Deploy.PipelineStateMachine.Name}:local",
                }, ct);
            var last = result.StandardOutput.Trim().Split('\n')[^1];
            using var outcome = JsonDocument.Parse(last);
            var root = outcome.RootElement;
            return new ExecutionOutcome(
                root.GetProperty("status").GetString()!,
                root.TryGetProperty("error", out var error) ? error.GetString() : null,
                root.TryGetProperty("cause", out var cause) ? cause.GetString() : root.TryGetProperty("errors", out var errors) ? errors.GetString() : null,
                watch.Elapsed,
                result.StandardError);
        }
        finally
        {
            File.Delete(definition);
        }
    }

    public string Output => string.Join("\n", _functions.Values.Append(Sensor).Select(f => $"== {f.Name} ==\n{f.Output}"));

    /// <summary>
    /// Each function's cold starts with their INIT (its process started to its first <c>invocation/next</c>, Lambda's
    /// "Init Duration"), one line per function that started.
    /// </summary>
    public IEnumerable<string> InitDurations() =>
        _functions.Values.Append(Sensor).Where(f => f.ColdStarts > 0).Select(f =>
            $"{f.Name} INIT {string.Join(", ", f.Reports.Where(r => r.Init is not null).Select(r => $"{r.Init!.Value.TotalMilliseconds:0} ms"))} ({f.ColdStarts} cold start(s))");

    public async ValueTask DisposeAsync()
    {
        foreach (var line in InitDurations())
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        foreach (var function in _functions.Values.Append(Sensor))
        {
            await function.DisposeAsync();
        }

        await _control.DisposeAsync();
    }
}

internal sealed record ExecutionOutcome(string Status, string? Error, string? Cause, TimeSpan Elapsed, string Log);
