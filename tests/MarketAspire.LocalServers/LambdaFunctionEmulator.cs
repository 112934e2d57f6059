using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MarketAspire.LocalServers;

/// <summary>
/// One Lambda function on this machine, following the published Runtime API (2018-06-01): a fresh process per cold
/// start (INIT: the process starts and must ask for <c>invocation/next</c> within 10 s, or report
/// <c>init/error</c>), then INVOKE phases with <c>Lambda-Runtime-Aws-Request-Id</c>, <c>-Deadline-Ms</c>,
/// <c>-Invoked-Function-Arn</c> and <c>-Trace-Id</c>. A process that outlives its timeout is killed, as Lambda ends
/// the sandbox. The same server plays the Parameters and Secrets extension, which answers only during an invocation.
/// </summary>
public sealed class LambdaFunctionEmulator : IAsyncDisposable
{
    public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly string _entry;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly IReadOnlyDictionary<string, string> _secrets;
    private readonly string _sessionToken = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private ChildProcess? _process;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Invocation? _current;
    private string? _initError;

    public LambdaFunctionEmulator(string name, string entryAssembly, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> secrets)
    {
        Name = name;
        Timeout = timeout;
        _entry = entryAssembly;
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

    /// <summary>Everything the function's processes wrote, for diagnosis.</summary>
    public string Output { get; private set; } = "";

    public Task StartAsync(CancellationToken ct) => _app.StartAsync(ct);

    /// <summary>Invokes the function synchronously (RequestResponse) and returns what Lambda would: a payload or an error.</summary>
    public async Task<LambdaResult> InvokeAsync(string payload, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct); // one sandbox: one invocation at a time
        try
        {
            if (_process is null || _process.HasExited)
            {
                await ColdStartAsync();
            }

            var invocation = new Invocation(Guid.NewGuid().ToString(), payload, DateTimeOffset.UtcNow + Timeout);
            await _queue.Writer.WriteAsync(invocation, ct);
            var exited = _process!.WaitForExitAsync(ct);
            var ended = await Task.WhenAny(invocation.Result.Task, Task.Delay(Timeout + TimeSpan.FromMilliseconds(200), ct), exited);
            if (ended == invocation.Result.Task)
            {
                return await invocation.Result.Task;
            }

            var result = ended == exited
                ? _initError is { } init
                    ? LambdaResult.Failure("Runtime.InitError", init)
                    : LambdaResult.Failure("Runtime.ExitError", $"RequestId: {invocation.Id} Error: Runtime exited with error: exit status {_process.ExitCode}")
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

    private async Task ColdStartAsync()
    {
        await ResetAsync();
        ColdStarts++;
        _initError = null;
        _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var environment = new Dictionary<string, string>(_environment)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{Port}",
            ["AWS_LAMBDA_FUNCTION_NAME"] = Name,
            ["AWS_LAMBDA_FUNCTION_TIMEOUT"] = ((int)Timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_SESSION_TOKEN"] = _sessionToken,
            ["_HANDLER"] = "bootstrap",
        };
        _process = new ChildProcess("dotnet", [_entry], environment);
        var exited = _process.WaitForExitAsync(CancellationToken.None);
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(InitLimit));
        if (first != _ready.Task && first != exited)
        {
            _initError = $"INIT did not reach invocation/next within {InitLimit.TotalSeconds:0} s";
            await ResetAsync();
        }
    }

    private async Task ResetAsync()
    {
        if (_process is { } process)
        {
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
