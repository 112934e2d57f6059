using System.Net.Http.Json;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>A command a function serves besides its job (the warehouse's <c>migrate</c>); returns what to answer.</summary>
public delegate Task<object> LambdaCommand(IServiceProvider services, CancellationToken ct);

/// <summary>
/// The thin Lambda handler every service shares: it serves the Lambda Runtime API (custom runtime <c>provided.al2023</c>;
/// no Amazon.Lambda package is needed). INIT only builds and starts the host; secrets are read through the Parameters
/// and Secrets extension at every invocation (the extension answers only then), with retries. Each invocation runs
/// the service's job (or a command) under the invocation's deadline, with its trace id; a failed job is reported as an
/// invocation error, so the Step Functions task (and the execution) fails with the job's reason.
/// </summary>
public static class LambdaRuntime
{
    public const string ApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>
    /// How long before the deadline to stop, so the run is recorded failed and its transaction rolls back before Lambda
    /// ends the process: 5 % of the invocation's time, at least 2 s, at most 30 s.
    /// </summary>
    public static TimeSpan DeadlineMargin(TimeSpan invocation) =>
        TimeSpan.FromTicks(Math.Clamp(invocation.Ticks / 20, TimeSpan.FromSeconds(2).Ticks, TimeSpan.FromSeconds(30).Ticks));

    public static string? Api => Environment.GetEnvironmentVariable(ApiVariable) is { Length: > 0 } api ? api : null;

    private static HttpClient Client(string api) =>
        new() { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Reports a failed INIT (bad configuration, say): Lambda fails the pending invocation with it.</summary>
    public static async Task ReportInitErrorAsync(string api, Exception error)
    {
        using var http = Client(api);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("init/error", UriKind.Relative))
        {
            Content = JsonContent.Create(new { errorType = error.GetType().Name, errorMessage = error.Message }),
        };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Runtime." + error.GetType().Name);
        using var _ = await http.SendAsync(request);
    }

    /// <summary>Serves invocations until the Runtime API stops answering (Lambda freezes or ends the process before that).</summary>
    /// <param name="rebuild">
    /// Builds a fresh host of the same service: used when a secret's value changed since the current host read it (its
    /// settings are singletons), and at the first invocation when a secret fills a setting validated at start
    /// (<see cref="SecretsExtension.ReadAtStart"/>). Without it a changed value only reaches what reads the configuration again.
    /// </param>
    /// <param name="work">
    /// What an invocation naming no command does, when the function is not a job of the graph (the freshness sensor's
    /// one evaluation); null: the host's <see cref="JobRunner"/> runs the event's partition.
    /// </param>
    public static async Task<int> ServeAsync(
        IHost host, string api, IReadOnlyDictionary<string, LambdaCommand> commands, CancellationToken ct, Func<IHost>? rebuild = null, LambdaCommand? work = null)
    {
        using var http = Client(api);
        var configuration = (IConfigurationManager)host.Services.GetRequiredService<IConfiguration>();
        var time = host.Services.GetRequiredService<TimeProvider>();
        var secretKeys = SecretsExtension.KeysToRead(configuration);
        IReadOnlyDictionary<string, string?>? given = null;
        IHost? rebuilt = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var next = await http.GetAsync(new Uri("invocation/next", UriKind.Relative), ct);
                if (!next.IsSuccessStatusCode)
                {
                    return JobExitCodes.Succeeded;
                }

                var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
                if (next.Headers.TryGetValues("Lambda-Runtime-Trace-Id", out var trace))
                {
                    Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", trace.First());
                }

                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (next.Headers.TryGetValues("Lambda-Runtime-Deadline-Ms", out var ms) && long.TryParse(ms.First(), out var deadlineMs))
                {
                    var remaining = DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs) - time.GetUtcNow();
                    var left = remaining - DeadlineMargin(remaining);
                    deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                }

                HttpResponseMessage posted;
                try
                {
                    // Every invocation: a key put or corrected after the deploy is used at once, not after the sandbox ends.
                    var secrets = await ReadSecretsWithRetryAsync(configuration, secretKeys, deadline.Token);
                    if (given is null && rebuild is not null && secrets.Keys.Any(SecretsExtension.ReadAtStart))
                    {
                        rebuilt = await ReplaceAsync(null, rebuild, secrets, deadline.Token);
                    }
                    else if (given is null || (rebuild is null && !Same(given, secrets)))
                    {
                        configuration.AddInMemoryCollection(secrets);
                    }
                    else if (rebuild is not null && !Same(given, secrets))
                    {
                        // Forgotten before the new host starts: a host that fails to start leaves none, and the next
                        // invocation builds again, as the first did, instead of serving from the stopped one.
                        var previous = rebuilt;
                        (rebuilt, given) = (null, null);
                        rebuilt = await ReplaceAsync(previous, rebuild, secrets, deadline.Token);
                    }

                    given = secrets;
                    var invocation = LambdaEvent.Parse(await next.Content.ReadAsStringAsync(ct), time);
                    posted = work is null
                        ? await InvokeAsync(http, (rebuilt ?? host).Services, commands, requestId, invocation, deadline.Token)
                        : await InvokeWorkAsync(http, (rebuilt ?? host).Services, work, requestId, deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    posted = await PostErrorAsync(http, requestId, "Timeout",
                        "the function's deadline was reached: the work was stopped, recorded as failed and its transaction rolled back", ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // Any other cancellation too (an HTTP client's timeout): answered as this invocation's error, never
                    // an exit without a message.
                    posted = await PostErrorAsync(http, requestId, ex.GetType().Name, ex.Message, ct);
                }

                using (posted)
                {
                    posted.EnsureSuccessStatusCode();
                }
            }

            return JobExitCodes.Succeeded;
        }
        finally
        {
            if (rebuilt is not null)
            {
                await rebuilt.StopAsync(CancellationToken.None);
                rebuilt.Dispose();
            }
        }
    }

    private static bool Same(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);

    /// <summary>A fresh host given the new secret values; the previous rebuilt one (never the caller's) is stopped.</summary>
    private static async Task<IHost> ReplaceAsync(IHost? previous, Func<IHost> rebuild, IReadOnlyDictionary<string, string?> secrets, CancellationToken ct)
    {
        if (previous is not null)
        {
            await previous.StopAsync(CancellationToken.None);
            previous.Dispose();
        }

        var host = rebuild();
        try
        {
            ((IConfigurationManager)host.Services.GetRequiredService<IConfiguration>()).AddInMemoryCollection(secrets);
            await host.StartValidatedAsync(ct);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static async Task<HttpResponseMessage> InvokeAsync(
        HttpClient http, IServiceProvider services, IReadOnlyDictionary<string, LambdaCommand> commands, string requestId, LambdaEvent invocation, CancellationToken ct)
    {
        if (invocation.Command is { } name)
        {
            if (!commands.TryGetValue(name, out var command))
            {
                return await PostErrorAsync(http, requestId, "UnknownCommand", $"this function serves no command '{name}' (it serves: {string.Join(", ", commands.Keys)})", ct);
            }

            DropPooledConnections(services);
            var answer = await command(services, ct);
            return await http.PostAsJsonAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative),
                new { command = name, partition = invocation.Partition.Key, result = answer }, ct);
        }

        DropPooledConnections(services);
        var runner = services.GetRequiredService<JobRunner>();
        var result = await runner.ExecuteAsync(invocation.Partition, null, invocation.Symbols, ct, root: invocation.Root);
        ct.ThrowIfCancellationRequested();
        return result.ExitCode == JobExitCodes.Succeeded
            ? await http.PostAsJsonAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative),
                new { service = runner.Service, partition = invocation.Partition.Key, run_id = result.RunId, status = "succeeded" }, ct)
            : await PostErrorAsync(http, requestId, "JobFailed", $"{runner.Service} {invocation.Partition}: {result.Error}", ct);
    }

    private static async Task<HttpResponseMessage> InvokeWorkAsync(HttpClient http, IServiceProvider services, LambdaCommand work, string requestId, CancellationToken ct)
    {
        DropPooledConnections(services);
        var answer = await work(services, ct);
        ct.ThrowIfCancellationRequested();
        return await http.PostAsJsonAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative), answer, ct);
    }

    /// <summary>
    /// Pooled warehouse connections may have died while the sandbox was frozen (the warehouse restarted, a connection was
    /// reset or idled out); the statements before the first retried one would fail on them.
    /// </summary>
    private static void DropPooledConnections(IServiceProvider services) => services.GetService<WarehouseDatabase>()?.DataSource.Clear();

    /// <summary>The extension may still be starting at the first invocation: three tries with a growing pause.</summary>
    private static async Task<IReadOnlyDictionary<string, string?>> ReadSecretsWithRetryAsync(IConfiguration configuration, IReadOnlyList<string> keys, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SecretsExtension.ReadAsync(configuration, keys, ct);
            }
            catch (Exception ex) when (attempt < 3 && ex is ConfigurationException or HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300 * attempt * attempt), ct);
            }
        }
    }

    private static Task<HttpResponseMessage> PostErrorAsync(HttpClient http, string requestId, string type, string message, CancellationToken ct) =>
        http.PostAsJsonAsync(new Uri($"invocation/{requestId}/error", UriKind.Relative), new { errorType = type, errorMessage = message }, ct);
}
