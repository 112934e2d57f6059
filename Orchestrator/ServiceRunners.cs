using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Extractor;
using MarketAspire.Quality;
using MarketAspire.Warehouse;

namespace MarketAspire.Orchestrator;

/// <summary>
/// One host per service, in this process, built exactly as each service's Program.cs builds it. Because they live
/// as long as the backfill, the extractor's rate limits are shared by every partition of it.
/// </summary>
public sealed class ServiceRunners : IAsyncDisposable
{
    private readonly Dictionary<string, IHost> _hosts = [];

    public static async Task<ServiceRunners> StartAsync(IConfiguration configuration, CancellationToken ct)
    {
        var runners = new ServiceRunners();
        runners._hosts[MarketAssets.Extractor] = Build(configuration, b => b.AddExtractorServices(), b => b.BuildJobHost<ExtractionJob>());
        runners._hosts[MarketAssets.Warehouse] = Build(configuration, b => b.AddWarehouseServices(), b => b.BuildJobHost<WarehouseJob>());
        runners._hosts[MarketAssets.Quality] = Build(configuration, b => b.AddQualityServices(), b => b.BuildJobHost<QualityJob>());
        foreach (var host in runners._hosts.Values)
        {
            await host.StartAsync(ct);
        }

        return runners;
    }

    public JobRunner this[string service] => _hosts[service].Services.GetRequiredService<JobRunner>();

    /// <summary>A service of one of the hosts (for example the extractor's landing zone).</summary>
    public T Get<T>(string service)
        where T : notnull => _hosts[service].Services.GetRequiredService<T>();

    private static IHost Build(IConfiguration configuration, Action<HostApplicationBuilder> add, Func<HostApplicationBuilder, IHost> build)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        add(builder);
        return build(builder);
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
