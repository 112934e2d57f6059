using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MarketAspire.LocalServers;

/// <summary>
/// One Lambda function on this machine, following the published Runtime API (2018-06-01): its published bundle started
/// through its <c>bootstrap</c> in a <see cref="LambdaSandbox"/> (read-only code at /var/task, a bounded /tmp, the
/// memory cap, only the template's variables and Lambda's reserved ones) at each cold start (INIT: the process must ask
/// for <c>invocation/next</c> within 10 s, or report <c>init/error</c>), then INVOKE phases with
/// <c>Lambda-Runtime-Aws-Request-Id</c>, <c>-Deadline-Ms</c>, <c>-Invoked-Function-Arn</c> and <c>-Trace-Id</c>. Between
/// invocations the sandbox is frozen (from the function's next <c>invocation/next</c>, as Lambda does) and thawed for
/// the next one. A process that outlives its timeout is killed, as Lambda ends the sandbox. The same server plays the
/// Parameters and Secrets extension, which answers only during an invocation. Each invocation ends with Lambda's
/// REPORT line in <see cref="Output"/> and a <see cref="LambdaReport"/>.
/// </summary>
public sealed class LambdaFunctionEmulator : IAsyncDisposable
{
    public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly string _bundle;
    private readonly LambdaSandbox _sandbox;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly IReadOnlyDictionary<string, string> _secrets;
    private readonly string _sessionToken = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private ChildProcess? _process;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Invocation? _current;
    private volatile TaskCompletionSource? _waiting;
    private string? _initError;

    /// <param name="bundle">The published folder holding <c>bootstrap</c> (<see cref="LambdaBundles"/>).</param>
    /// <param name="environment">The function's variables as the template sets them (local addresses substituted).</param>
    /// <param name="ephemeralStorageMb">The size of /tmp (EphemeralStorage; 512 MB unless the template says otherwise).</param>
    public LambdaFunctionEmulator(
        string name, string bundle, int memoryMb, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> secrets, int ephemeralStorageMb = 512)
    {
        Name = name;
        Timeout = timeout;
        _bundle = bundle;
        _sandbox = new LambdaSandbox(name, memoryMb, ephemeralStorageMb);
        _environment = environment;
        _secrets = secrets;
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{Port}"]);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/2018-06-01/runtime/invocation/next", NextAsync);
        _app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpRequest request) => CompleteAsync(id, request, error: false));
        _app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpRequest request) => CompleteAsync(id, request, error: true));
        _app.MapPost("/2018-06-01/runtime/init/error", InitErrorAsync);
        _app.MapGet("/secretsmanager/get", GetSecret);
    }

    public string Name { get; }

    public TimeSpan Timeout { get; }

    public int Port { get; }

    public int ColdStarts { get; private set; }

    /// <summary>Every secret id the function asked the extension for (secretsmanager:GetSecretValue on AWS).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> SecretsRead { get; } = new();

    /// <summary>Everything the function's processes wrote, for diagnosis, and a REPORT line per invocation.</summary>
    public string Output { get; private set; } = "";

    /// <summary>One per completed invocation, in order: what Lambda's REPORT line says.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<LambdaReport> Reports { get; } = new();

    public LambdaSandbox Sandbox => _sandbox;

    public Task StartAsync(CancellationToken ct) => _app.StartAsync(ct);

    /// <summary>Invokes the function synchronously (RequestResponse) and returns what Lambda would: a payload or an error.</summary>
    public async Task<LambdaResult> InvokeAsync(string payload, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct); // one sandbox: one invocation at a time
        try
        {
            TimeSpan? init = null;
            if (_process is null || _process.HasExited)
            {
                init = await ColdStartAsync();
            }
            else
            {
                await _sandbox.ThawAsync(ct);
            }

            _sandbox.ResetPeak();
            var invocation = new Invocation(Guid.NewGuid().ToString(), payload, DateTimeOffset.UtcNow + Timeout);
            var watch = Stopwatch.StartNew();
            _waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _queue.Writer.WriteAsync(invocation, ct);
            var exited = _process!.WaitForExitAsync(ct);
            var ended = await Task.WhenAny(invocation.Result.Task, Task.Delay(Timeout + TimeSpan.FromMilliseconds(200), ct), exited);
            if (ended == invocation.Result.Task)
            {
                // Lambda freezes the sandbox when the runtime asks for the next event, not when it answers.
                var left = invocation.Deadline - DateTimeOffset.UtcNow;
                var next = await Task.WhenAny(_waiting.Task, exited, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct));
                Report(invocation.Id, watch.Elapsed, init);
                if (next == _waiting.Task)
                {
                    await _sandbox.FreezeAsync(ct);
                }

                return await invocation.Result.Task;
            }

            Report(invocation.Id, watch.Elapsed, init);
            var result = ended == exited
                ? _initError is { } initError
                    ? LambdaResult.Failure("Runtime.InitError", initError)
                    : LambdaResult.Failure("Runtime.ExitError", $"RequestId: {invocation.Id} Error: Runtime exited with error: {ExitReason(_process.ExitCode)}")
                : LambdaResult.Failure("Sandbox.Timedout", $"RequestId: {invocation.Id} Error: Task timed out after {Timeout.TotalSeconds:0.00} seconds");
            await ResetAsync();
            return result;
        }
        finally
        {
            _current = null;
            _oneAtATime.Release();
        }
    }

    /// <summary>Starts the bundle's bootstrap in the sandbox; returns the INIT duration (start to the first <c>invocation/next</c>).</summary>
    private async Task<TimeSpan> ColdStartAsync()
    {
        await ResetAsync();
        ColdStarts++;
        _initError = null;
        _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (file, arguments) = _sandbox.Command(_bundle, LambdaEnvironment());
        var watch = Stopwatch.StartNew();
        _process = new ChildProcess(file, arguments, new Dictionary<string, string>());
        var exited = _process.WaitForExitAsync(CancellationToken.None);
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(InitLimit));
        var init = watch.Elapsed;
        if (first != _ready.Task && first != exited)
        {
            _initError = $"INIT did not reach invocation/next within {InitLimit.TotalSeconds:0} s";
            await ResetAsync();
        }

        return init;
    }

    /// <summary>
    /// The template's variables and the ones Lambda sets for an OS-only runtime (provided.al2023), nothing else; the
    /// only addition is the extension's port, 2773 on AWS, where the emulator listens here.
    /// </summary>
    private Dictionary<string, string> LambdaEnvironment()
    {
        static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var region = _environment.GetValueOrDefault("AWS_REGION") ?? "us-east-1";
        return new Dictionary<string, string>(_environment)
        {
            ["_HANDLER"] = "bootstrap",
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_LAMBDA_FUNCTION_NAME"] = Name,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = Number(_sandbox.MemoryMb),
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + Name,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Guid.NewGuid():N}",
            ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{Port}",
            ["AWS_SESSION_TOKEN"] = _sessionToken,
            ["LAMBDA_TASK_ROOT"] = LambdaSandbox.TaskRoot,
            ["LAMBDA_RUNTIME_DIR"] = "/var/runtime",
            ["LANG"] = "en_US.UTF-8",
            ["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
            ["LD_LIBRARY_PATH"] = "/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
            ["TZ"] = ":UTC",
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = Number(Port),
        };
    }

    private void Report(string requestId, TimeSpan duration, TimeSpan? init)
    {
        var report = new LambdaReport(requestId, duration, _sandbox.MemoryMb, (int)(_sandbox.PeakBytes / (1024 * 1024)), init);
        Reports.Enqueue(report);
        Output += report + "\n";
    }

    /// <summary>How Lambda words a runtime's exit: a signal (128 + n from the sandbox) or an exit status.</summary>
    private static string ExitReason(int code) => code switch
    {
        137 => "signal: killed",
        > 128 and < 160 => $"signal: {code - 128}",
        _ => $"exit status {code}",
    };

    private async Task ResetAsync()
    {
        if (_process is { } process)
        {
            _sandbox.KillAll(); // thawed first, so the kill lands
            if (!process.HasExited)
            {
                process.Kill();
            }

            Output += process.Output;
            await process.DisposeAsync();
            _process = null;
        }

        _queue = Channel.CreateUnbounded<Invocation>();
    }

    private async Task NextAsync(HttpContext http)
    {
        _ready.TrySetResult();
        _waiting?.TrySetResult();
        var queue = _queue;
        Invocation invocation;
        try
        {
            invocation = await queue.Reader.ReadAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _current = invocation;
        http.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.Id;
        http.Response.Headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = $"arn:aws:lambda:us-east-1:123456789012:function:{Name}";
        http.Response.Headers["Lambda-Runtime-Trace-Id"] = $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{invocation.Id.Replace("-", "", StringComparison.Ordinal)[..24]};Sampled=1";
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(invocation.Payload, http.RequestAborted);
    }

    private async Task<IResult> CompleteAsync(string id, HttpRequest request, bool error)
    {
        var current = _current;
        if (current is null || current.Id != id)
        {
            return Results.BadRequest(new { errorMessage = $"Invalid request ID: {id}", errorType = "InvalidRequestID" });
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (!error)
        {
            current.Result.TrySetResult(LambdaResult.Success(body));
        }
        else
        {
            using var document = JsonDocument.Parse(body);
            current.Result.TrySetResult(LambdaResult.Failure(
                document.RootElement.TryGetProperty("errorType", out var type) ? type.GetString() ?? "Unhandled" : "Unhandled",
                document.RootElement.TryGetProperty("errorMessage", out var message) ? message.GetString() ?? "" : body));
        }

        return Results.Accepted(value: new { status = "OK" });
    }

    private async Task<IResult> InitErrorAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        _initError = await reader.ReadToEndAsync();
        return Results.Accepted(value: new { status = "OK" });
    }

    private IResult GetSecret(HttpRequest request, string secretId)
    {
        if (_current is null)
        {
            return Results.BadRequest(new { message = "The extension answers only during an invocation (not during INIT)." });
        }

        SecretsRead.Enqueue(secretId);
        return request.Headers["X-Aws-Parameters-Secrets-Token"] != _sessionToken
            ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : _secrets.TryGetValue(secretId, out var value)
                ? Results.Json(new Dictionary<string, string> { ["ARN"] = secretId, ["Name"] = secretId, ["SecretString"] = value })
                : Results.NotFound(new { message = $"Secrets Manager can't find the specified secret: {secretId}" });
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        await _app.DisposeAsync();
        _sandbox.Dispose();
    }

    private sealed record Invocation(string Id, string Payload, DateTimeOffset Deadline)
    {
        public TaskCompletionSource<LambdaResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What a synchronous invocation returns: the function's payload, or its error type and message.</summary>
public sealed record LambdaResult(bool Succeeded, string Payload, string? ErrorType, string? ErrorMessage)
{
    public static LambdaResult Success(string payload) => new(true, payload, null, null);

    public static LambdaResult Failure(string type, string message) => new(false, "", type, message);
}

/// <summary>Lambda's REPORT line for one invocation; <see cref="Init"/> only on a cold start.</summary>
public sealed record LambdaReport(string RequestId, TimeSpan Duration, int MemorySizeMb, int MaxMemoryUsedMb, TimeSpan? Init)
{
    public override string ToString() =>
        $"REPORT RequestId: {RequestId}\tDuration: {Duration.TotalMilliseconds:0.00} ms\tBilled Duration: {Math.Ceiling(Duration.TotalMilliseconds):0} ms\t" +
        $"Memory Size: {MemorySizeMb} MB\tMax Memory Used: {MaxMemoryUsedMb} MB" + (Init is { } init ? $"\tInit Duration: {init.TotalMilliseconds:0.00} ms" : "");
}
