using System.Collections.Concurrent;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Sql;
using MarketAspire.Tests.Warehousing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Deployment;

/// <summary>
/// The services as Lambda functions: each binary, started with <c>AWS_LAMBDA_RUNTIME_API</c>, serves a faithful fake of
/// the Lambda Runtime API and reads its password through a fake of the Parameters and Secrets extension.
/// </summary>
public class LambdaHandlerTests(SharedServers servers)
{
    private const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:warehouse-AbCdEf";
    private const string SessionToken = "session-token-for-the-extension";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed class FakeLambda : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _served;

        public FakeLambda(params string[] events)
        {
            Port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://localhost:{Port}"]);
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.MapGet("/2018-06-01/runtime/invocation/next", (HttpResponse response) =>
            {
                var served = Interlocked.Increment(ref _served);
                if (served > events.Length)
                {
                    return Results.StatusCode(StatusCodes.Status410Gone); // ends the loop, as a frozen sandbox would
                }

                response.Headers["Lambda-Runtime-Aws-Request-Id"] = $"request-{served}";
                return Results.Text(events[served - 1], "application/json");
            });
            _app.MapPost("/2018-06-01/runtime/invocation/{id}/{kind}", async (string id, string kind, HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                Posts[$"{id}/{kind}"] = await reader.ReadToEndAsync();
                return Results.Accepted();
            });
            _app.MapGet("/secretsmanager/get", (HttpRequest request, string secretId) =>
                request.Headers["X-Aws-Parameters-Secrets-Token"] == SessionToken && secretId == SecretArn
                    ? Results.Json(new Dictionary<string, string> { ["ARN"] = SecretArn, ["SecretString"] = $"{{\"username\":\"awsuser\",\"password\":\"{PostgresServer.Password}\"}}" })
                    : Results.StatusCode(StatusCodes.Status400BadRequest));
        }

        public int Port { get; }

        public ConcurrentDictionary<string, string> Posts { get; } = new();

        public Task StartAsync() => _app.StartAsync(Ct);

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    internal static Dictionary<string, string?> LambdaEnvironment(Dictionary<string, string?> settings, FakeLambda lambda)
    {
        var env = new Dictionary<string, string?>(settings)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{lambda.Port}",
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = lambda.Port.ToString(),
            ["AWS_SESSION_TOKEN"] = SessionToken,
            ["REDSHIFT_PASSWORD_SECRET_ARN"] = SecretArn,
        };
        env.Remove("REDSHIFT_PASSWORD");
        return env;
    }

    [Fact]
    public async Task A_service_added_to_the_graph_is_served_by_the_same_handler_through_its_module()
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);

        await using var lambda = new FakeLambda("""{"partition": "2026-11-25"}""");
        await lambda.StartAsync();
        var module = ServiceModule.Create<NothingToDoJob>(Infrastructure.OneMoreAsset.Service, builder => builder.Services.AddWarehouseDatabase(Infrastructure.OneMoreAsset.Service));
        using var host = JobHarness.Builder(settings).BuildJobHost(module, Infrastructure.OneMoreAsset.Graph);
        await host.StartAsync(Ct);

        var exit = await LambdaRuntime.ServeAsync(host, $"127.0.0.1:{lambda.Port}", module.Commands, Ct);

        await host.StopAsync(Ct);
        Assert.Equal(JobExitCodes.Succeeded, exit);
        Assert.Contains("\"service\":\"analytics\"", lambda.Posts["request-1/response"]);
        var run = Assert.Single(await JobHarness.RunsAsync(settings, Ct));
        Assert.Equal(("analytics", "daily_returns", "2026-11-25"), (run.Job, run.Selection, run.Partitions));
    }

    private sealed class NothingToDoJob : IPartitionJob
    {
        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct) => Task.FromResult(JobOutcome.Success);
    }

    [Fact]
    public async Task The_warehouse_function_migrates_on_command_then_loads_the_partition_and_answers_each_invocation()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await JobHarness.ExecuteAsync(harness.Settings, "DROP SCHEMA market_data CASCADE; DROP SCHEMA market_meta CASCADE;", Ct);
        await harness.LandSeriesAsync("2026-11-25", 20, "IBM", "MSFT");
        await using var lambda = new FakeLambda("""{"command": "migrate", "partition": "2026-11-25"}""", """{"partition": "2026-11-25"}""");
        await lambda.StartAsync();

        var result = await ProcessRun.ServiceAsync("Warehouse", [], LambdaEnvironment(harness.Settings, lambda), Ct);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"\"applied\":{SqlScripts.Migrations(WarehouseDialect.Postgres).Count}", lambda.Posts["request-1/response"]);
        Assert.Contains("\"status\":\"succeeded\"", lambda.Posts["request-2/response"]);
        Assert.Contains("\"partition\":\"2026-11-25\"", lambda.Posts["request-2/response"]);
        Assert.Equal(40, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
    }

    [Fact]
    public async Task A_failed_ERROR_check_is_reported_as_an_invocation_error()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers); // migrated, but nothing loaded
        await using var lambda = new FakeLambda("""{"partition": "2026-11-25"}""");
        await lambda.StartAsync();

        var result = await ProcessRun.ServiceAsync("Quality", [], LambdaEnvironment(harness.Settings, lambda), Ct);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.False(lambda.Posts.ContainsKey("request-1/response"));
        var error = lambda.Posts["request-1/error"];
        Assert.Contains("\"errorType\":\"JobFailed\"", error);
        Assert.Contains("ERROR checks failed on fct_stock_prices 2026-11-25", error);
    }

    [Fact]
    public void Lambda_events_name_a_partition_or_today_and_optionally_symbols()
    {
        var named = JobHosting.Jobs.LambdaEvent.Parse("""{"partition":"2026-11-25","symbols":["IBM"]}""", TimeProvider.System);
        Assert.Equal(("2026-11-25", "IBM"), (named.Partition.Key, Assert.Single(named.Symbols!)));
        var today = JobHosting.Jobs.LambdaEvent.Parse("""{"partition":"today"}""", TimeProvider.System);
        Assert.Equal(AssetGraph.Partitions.DailyPartition.Latest(TimeProvider.System), today.Partition);
        Assert.Null(today.Symbols);
    }

    [Theory]
    [InlineData("2026-11-26T04:59:00Z", "2026-11-25")] // 23:59 in New York
    [InlineData("2026-11-26T05:01:00Z", "2026-11-26")] // 00:01 in New York
    public void Today_is_the_execution_start_date_in_New_York_whenever_a_task_runs(string startedAt, string expected)
    {
        var invocation = JobHosting.Jobs.LambdaEvent.Parse($$"""{"partition":"today","startedAt":"{{startedAt}}"}""", TimeProvider.System);
        Assert.Equal(expected, invocation.Partition.Key);
    }
}
