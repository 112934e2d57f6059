using System.Globalization;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// A fresh deployed stack on this machine: an empty database (no schema at all), an empty bucket, the simulator as
/// Alpha Vantage, and the functions of the synthesized template. With proxies, every function reaches PostgreSQL and
/// the S3 emulator through a <see cref="FaultProxy"/> each, while <see cref="Local"/> (what the test reads with) goes
/// to them directly.
/// </summary>
internal sealed class DeployedHarness : IAsyncDisposable
{
    /// <summary>The secrets the deployed stack is given by ARN (<see cref="DeployedPipelineTests.Stack"/>): the webhook's URL and the lineage endpoint's key.</summary>
    public const string WebhookSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:marketaspire/alert-webhook-AbCdEf";
    public const string LineageKeySecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:marketaspire/openlineage-key-GhIjKl";
    public const string LineageKey = "lineage-key-never-logged-7f3a";

    private DeployedHarness(
        Dictionary<string, string?> local, SimulatorServer simulator, SnsReceiver sns, WebhookReceiver webhook, LocalAwsRun run, FaultProxy? warehouse, FaultProxy? lake)
    {
        Local = local;
        Sns = sns;
        Webhook = webhook;
        Simulator = simulator;
        Run = run;
        WarehouseProxy = warehouse;
        LakeProxy = lake;
    }

    public Dictionary<string, string?> Local { get; }

    public SimulatorServer Simulator { get; }

    public LocalAwsRun Run { get; }

    /// <summary>SNS on this machine: what the sensor published to the stack's alerts topic.</summary>
    public SnsReceiver Sns { get; }

    /// <summary>The webhook whose URL (a secret) the sensor reads through the secrets extension.</summary>
    public WebhookReceiver Webhook { get; }

    public FaultProxy? WarehouseProxy { get; }

    public FaultProxy? LakeProxy { get; }

    public Task<ExecutionOutcome> ExecuteScheduledAsync(CancellationToken ct) => Run.ExecuteAsync(Run.Stack.ScheduleInput, ct);

    /// <param name="settings">With proxies: variables every function gets beyond the template's.</param>
    public static async Task<DeployedHarness> StartAsync(
        SharedServers servers, SynthesizedStack stack, CancellationToken ct, Dictionary<string, string?>? simulatorSettings = null,
        IReadOnlyDictionary<string, TimeSpan>? timeouts = null, bool throughProxies = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var local = await servers.IsolatedEnvironmentAsync(ct);
        var simulator = await SimulatorServer.StartAsync(simulatorSettings ?? [], ct);
        var functions = local;
        FaultProxy? warehouse = null, lake = null;
        if (throughProxies)
        {
            warehouse = new FaultProxy(int.Parse(local[SettingKeys.RedshiftPort]!, CultureInfo.InvariantCulture));
            lake = new FaultProxy((await servers.S3).Port);
            functions = new Dictionary<string, string?>(local)
            {
                [SettingKeys.RedshiftPort] = warehouse.Port.ToString(CultureInfo.InvariantCulture),
                [SettingKeys.S3Endpoint] = $"http://127.0.0.1:{lake.Port}",
            };
        }

        var sns = new SnsReceiver();
        var webhook = new WebhookReceiver();
        var run = await LocalAwsRun.StartAsync(stack, functions, simulator.BaseUrl, ct, timeouts, settings, sns.Endpoint,
            new Dictionary<string, string> { [WebhookSecretArn] = webhook.Url.ToString(), [LineageKeySecretArn] = LineageKey });
        return new DeployedHarness(local, simulator, sns, webhook, run, warehouse, lake);
    }

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        await Simulator.DisposeAsync();
        await Sns.DisposeAsync();
        await Webhook.DisposeAsync();
        foreach (var proxy in new[] { WarehouseProxy, LakeProxy })
        {
            if (proxy is not null)
            {
                await proxy.DisposeAsync();
            }
        }
    }
}
