using System.Collections.Concurrent;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Sensor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Deployment;

/// <summary>
/// Secrets on Lambda: read through the (faked) Parameters and Secrets extension at every invocation, so a key put after
/// the deploy, or corrected later, is used by the next invocation of a warm function; the template's "not set" value
/// fails the invocation with how to set it.
/// </summary>
public class LambdaSecretsTests
{
    private const string KeyArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:market-api-key-AbCdEf";
    private const string Token = "session-token";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The Runtime API and the extension on one port; invocation n sees the secret value values[n].</summary>
    private sealed class FakeSandbox : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _served;
        private string _secret = "";

        public FakeSandbox(string command, params string[] values)
        {
            Port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{Port}"]);
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.MapGet("/2018-06-01/runtime/invocation/next", (HttpResponse response) =>
            {
                var served = Interlocked.Increment(ref _served);
                if (served > values.Length)
                {
                    return Results.StatusCode(StatusCodes.Status410Gone);
                }

                _secret = values[served - 1];
                response.Headers["Lambda-Runtime-Aws-Request-Id"] = $"request-{served}";
                return Results.Text($$"""{"command":"{{command}}","partition":"2026-11-25"}""", "application/json");
            });
            _app.MapPost("/2018-06-01/runtime/invocation/{id}/{kind}", async (string id, string kind, HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                Posts[$"{id}/{kind}"] = await reader.ReadToEndAsync();
                return Results.Accepted();
            });
            _app.MapGet("/secretsmanager/get", (HttpRequest request, string secretId) =>
                request.Headers["X-Aws-Parameters-Secrets-Token"] == Token && secretId == KeyArn
                    ? Results.Json(new Dictionary<string, string> { ["ARN"] = KeyArn, ["SecretString"] = _secret })
                    : Results.StatusCode(StatusCodes.Status400BadRequest));
        }

        public int Port { get; }

        public ConcurrentDictionary<string, string> Posts { get; } = new();

        public Task StartAsync() => _app.StartAsync(Ct);

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>What a service resolves once per host: the key as its settings singleton saw it.</summary>
    private sealed record KeySeen(string? Key);

    private static readonly ServiceModule Module = ServiceModule.Create<NothingToDoJob>(
        MarketAssets.Quality,
        builder => builder.Services.AddSingleton(TimeProvider.System).AddSingleton(sp => new KeySeen(sp.GetRequiredService<IConfiguration>()[SettingKeys.MarketApiKey])),
        new Dictionary<string, LambdaCommand>
        {
            ["key"] = (services, _) => Task.FromResult<object>(services.GetRequiredService<KeySeen>().Key ?? ""),
            ["time-out"] = (_, _) => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing."),
        });

    private sealed class NothingToDoJob : IPartitionJob
    {
        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
    }

    private static HostApplicationBuilder Builder(FakeSandbox sandbox, string secretKey = SettingKeys.MarketApiKey)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [secretKey + SettingKeys.SecretArnSuffix] = KeyArn,
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AWS_SESSION_TOKEN"] = Token,
        });
        return builder;
    }

    [Fact]
    public async Task A_warm_function_reads_the_key_at_every_invocation_and_the_not_set_value_says_how_to_set_it()
    {
        await using var sandbox = new FakeSandbox("key", SecretsExtension.NotSet, "first-key", "first-key", "second-key", "{starts-with-a-brace");
        await sandbox.StartAsync();
        using var host = Builder(sandbox).BuildJobHost(Module, MarketAssets.Graph);
        await host.StartAsync(Ct);

        var exit = await LambdaRuntime.ServeAsync(host, $"127.0.0.1:{sandbox.Port}", Module.Commands, Ct, () => Builder(sandbox).BuildJobHost(Module, MarketAssets.Graph));

        await host.StopAsync(Ct);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        var notSet = sandbox.Posts["request-1/error"];
        Assert.Contains("\"errorType\":\"SecretNotSetException\"", notSet);
        Assert.Contains($"MARKET_API_KEY is not set: aws secretsmanager put-secret-value --secret-id {KeyArn} --secret-string", notSet);
        Assert.Contains("\"result\":\"first-key\"", sandbox.Posts["request-2/response"]);
        Assert.Contains("\"result\":\"first-key\"", sandbox.Posts["request-3/response"]);
        Assert.Contains("\"result\":\"second-key\"", sandbox.Posts["request-4/response"]); // corrected while warm
        Assert.Contains("\"result\":\"{starts-with-a-brace\"", sandbox.Posts["request-5/response"]); // not JSON: the value as it is
    }

    [Fact]
    public async Task A_secret_that_fills_a_setting_validated_at_start_is_seen_from_the_first_invocation_on()
    {
        // The sensor's webhook URL: its settings are read when the host starts (its HTTP tracing filter needs them),
        // before any invocation can read a secret.
        const string first = "https://hooks.example.com/services/T0/B0/first";
        const string second = "https://hooks.example.com/services/T0/B0/second";
        await using var sandbox = new FakeSandbox("", first, first, second);
        await sandbox.StartAsync();
        HostApplicationBuilder SensorBuilder()
        {
            var builder = Builder(sandbox, SettingKeys.AlertWebhookUrl);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SettingKeys.RedshiftHost] = "127.0.0.1", [SettingKeys.RedshiftPassword] = "unused", [SettingKeys.S3Endpoint] = "http://127.0.0.1:4566",
                [SettingKeys.WarehouseDialect] = "postgres", // nothing connects: the warehouse is only reached by an evaluation
            });
            builder.AddServiceDefaults();
            builder.AddSensorServices();
            return builder;
        }

        using var host = SensorBuilder().Build();
        await host.StartAsync(Ct);

        var exit = await LambdaRuntime.ServeAsync(host, $"127.0.0.1:{sandbox.Port}", new Dictionary<string, LambdaCommand>(), Ct, () => SensorBuilder().Build(),
            (services, _) => Task.FromResult<object>(services.GetRequiredService<Sensor.SensorSettings>().WebhookUrl?.ToString() ?? "none"));

        await host.StopAsync(Ct);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.False(sandbox.Posts.ContainsKey("request-1/error"), sandbox.Posts.GetValueOrDefault("request-1/error"));
        Assert.Equal([$"\"{first}\"", $"\"{first}\"", $"\"{second}\""], // the third rotated while warm
            new[] { 1, 2, 3 }.Select(n => sandbox.Posts.GetValueOrDefault($"request-{n}/response") ?? sandbox.Posts.GetValueOrDefault($"request-{n}/error")));
    }

    [Fact]
    public async Task A_rotated_secret_whose_host_fails_to_start_fails_that_invocation_and_the_next_one_builds_again()
    {
        const string first = "https://hooks.example.com/services/T0/B0/first";
        const string broken = "https://hooks.example.com/services/T0/B0/broken";
        await using var sandbox = new FakeSandbox("", first, broken, first);
        await sandbox.StartAsync();
        var builds = 0;
        IHost Build()
        {
            if (Interlocked.Increment(ref builds) == 2)
            {
                throw new InvalidOperationException("the second host does not start");
            }

            return Builder(sandbox, SettingKeys.AlertWebhookUrl).BuildJobHost(Module, MarketAssets.Graph);
        }

        using var host = Builder(sandbox, SettingKeys.AlertWebhookUrl).BuildJobHost(Module, MarketAssets.Graph);
        await host.StartAsync(Ct);

        var exit = await LambdaRuntime.ServeAsync(host, $"127.0.0.1:{sandbox.Port}", new Dictionary<string, LambdaCommand>(), Ct, Build,
            (services, _) => Task.FromResult<object>(services.GetRequiredService<IConfiguration>()[SettingKeys.AlertWebhookUrl] ?? "none"));

        await host.StopAsync(Ct);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.Contains($"\"{first}\"", sandbox.Posts["request-1/response"]);
        Assert.Contains("the second host does not start", sandbox.Posts["request-2/error"]);
        // Back to the first value: served by a host built again, not by the one stopped when the second failed.
        Assert.Contains($"\"{first}\"", sandbox.Posts.GetValueOrDefault("request-3/response") ?? sandbox.Posts.GetValueOrDefault("request-3/error"));
    }

    [Fact]
    public async Task A_cancellation_that_is_not_the_deadline_fails_the_invocation_with_its_message_and_the_function_serves_on()
    {
        await using var sandbox = new FakeSandbox("time-out", "a-key", "a-key");
        await sandbox.StartAsync();
        using var host = Builder(sandbox).BuildJobHost(Module, MarketAssets.Graph);
        await host.StartAsync(Ct);

        var exit = await LambdaRuntime.ServeAsync(host, $"127.0.0.1:{sandbox.Port}", Module.Commands, Ct);

        await host.StopAsync(Ct);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.All(new[] { "request-1/error", "request-2/error" }, id =>
        {
            Assert.Contains("\"errorType\":\"TaskCanceledException\"", sandbox.Posts[id]);
            Assert.Contains("HttpClient.Timeout of 10 seconds", sandbox.Posts[id]);
        });
    }

    [Theory]
    [InlineData(8, 2)] // a short function keeps the 2 s floor
    [InlineData(300, 15)]
    [InlineData(900, 30)] // rolling back and recording over Redshift needs more than 2 s; capped
    public void The_margin_before_the_deadline_scales_with_the_functions_time(int seconds, int margin)
    {
        Assert.Equal(TimeSpan.FromSeconds(margin), LambdaRuntime.DeadlineMargin(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Warehouse_connections_keep_alive_and_give_a_cancellation_time_to_answer()
    {
        var settings = new Dictionary<string, string?> { [SettingKeys.RedshiftHost] = "warehouse.example", [SettingKeys.RedshiftPassword] = "pw", [SettingKeys.S3Endpoint] = "http://127.0.0.1:4566" };
        var text = WarehouseSettings.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).ConnectionString("tests");
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(text);

        Assert.True(connection.TcpKeepAlive);
        Assert.True(connection.KeepAlive > 0);
        Assert.True(connection.CancellationTimeout >= 5000);
    }

    [Fact]
    public void A_function_pointed_at_an_S3_emulator_stays_on_its_AWS_code_paths()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingKeys.S3Endpoint] = "http://127.0.0.1:4566",
            [SettingKeys.Deployment] = JobHosting.Configuration.Deployment.Aws,
            [SettingKeys.RedshiftHost] = "warehouse.example",
        }).Build();

        Assert.False(JobHosting.Configuration.Deployment.IsLocal(configuration));
        var missing = Assert.Throws<ConfigurationException>(() => WarehouseSettings.From(configuration));
        Assert.Contains("REDSHIFT_DB is required when running against AWS (MARKET_DEPLOYMENT is aws)", missing.Message);
    }
}
