using MarketAspire.JobHosting.Configuration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Orchestrator;

/// <summary>
/// One host per service, in this process, built exactly as each service's Program.cs builds it. Because they live
/// as long as the backfill, the extractor's rate limits are shared by every partition of it.
/// </summary>
public sealed class ServiceRunners : IAsyncDisposable
{
    private readonly Dictionary<string, IHost> _hosts = [];

    private ServiceRunners(AssetGraphDefinition graph) => Graph = graph;

    /// <summary>The graph the hosts were built from.</summary>
    public AssetGraphDefinition Graph { get; }

    /// <summary>Starts a host for every service of the graph, each from its module.</summary>
    public static async Task<ServiceRunners> StartAsync(
        IConfiguration configuration, AssetGraphDefinition graph, IEnumerable<ServiceModule> modules, CancellationToken ct)
    {
        var bound = ServiceModule.Bind(graph, modules);
        var runners = new ServiceRunners(graph);
        foreach (var service in graph.ServicesInOrder)
        {
            var host = Build(configuration, bound[service.Name], graph);
            runners._hosts[service.Name] = host;
            await host.StartValidatedAsync(ct);
        }

        return runners;
    }

    public JobRunner this[string service] => _hosts[service].Services.GetRequiredService<JobRunner>();

    /// <summary>A service of one of the hosts (for example the extractor's landing zone).</summary>
    public T Get<T>(string service)
        where T : notnull => _hosts[service].Services.GetRequiredService<T>();

    private static IHost Build(IConfiguration configuration, ServiceModule module, AssetGraphDefinition graph)
    {
        var builder = ProcessHost.CreateBuilder([]);
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDotEnvSettings().AddServiceDefaults();
        return builder.BuildJobHost(module, graph);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
