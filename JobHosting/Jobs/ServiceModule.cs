using MarketAspire.AssetGraph.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// Binds a service of the asset graph to its code: the services it registers, the job that materializes its assets,
/// and the commands a function of it serves besides the job. Every runtime hosts a service through its module: its
/// own Program (a local job or a Lambda function) and the Orchestrator (all of them in one process).
/// </summary>
public sealed class ServiceModule
{
    private readonly Action<IHostApplicationBuilder> _addServices;
    private readonly Action<IServiceCollection> _addJob;

    private ServiceModule(string service, Action<IHostApplicationBuilder> addServices, Action<IServiceCollection> addJob, IReadOnlyDictionary<string, LambdaCommand> commands)
    {
        Service = service;
        _addServices = addServices;
        _addJob = addJob;
        Commands = commands;
    }

    /// <summary>The service's name in the asset graph.</summary>
    public string Service { get; }

    /// <summary>Commands an event may name instead of running the job (the warehouse's <c>migrate</c>).</summary>
    public IReadOnlyDictionary<string, LambdaCommand> Commands { get; }

    public static ServiceModule Create<TJob>(
        string service, Action<IHostApplicationBuilder> addServices, IReadOnlyDictionary<string, LambdaCommand>? commands = null)
        where TJob : class, IPartitionJob =>
        new(service, addServices, s => s.AddSingleton<IPartitionJob, TJob>(), commands ?? new Dictionary<string, LambdaCommand>());

    /// <summary>A service whose assets are <see cref="Assets.IAsset"/> units, run by <see cref="Assets.AssetJob"/>; <paramref name="addServices"/> registers them.</summary>
    public static ServiceModule ForAssets(
        string service, Action<IHostApplicationBuilder> addServices, IReadOnlyDictionary<string, LambdaCommand>? commands = null) =>
        Create<Assets.AssetJob>(service, addServices, commands);

    /// <summary>The same module with more registrations (a test adds a check implementation this way).</summary>
    public ServiceModule With(Action<IHostApplicationBuilder> more) =>
        new(Service, b => { _addServices(b); more(b); }, _addJob, Commands);

    /// <summary>Registers the graph, the service's own services and its job runner.</summary>
    public void AddTo(IHostApplicationBuilder builder, AssetGraphDefinition graph)
    {
        var definition = graph.Services.FirstOrDefault(s => s.Name == Service)
            ?? throw new InvalidOperationException($"The asset graph has no service '{Service}' for this module.");
        builder.Services.AddSingleton(graph);
        builder.Services.AddSingleton(definition);
        _addServices(builder);
        _addJob(builder.Services);
        builder.Services.AddSingleton<JobRunner>();
    }

    /// <summary>Checks that the modules bind every service of the graph exactly once, and returns them by service.</summary>
    public static IReadOnlyDictionary<string, ServiceModule> Bind(AssetGraphDefinition graph, IEnumerable<ServiceModule> modules)
    {
        var byService = new Dictionary<string, ServiceModule>();
        foreach (var module in modules)
        {
            if (!byService.TryAdd(module.Service, module))
            {
                throw new InvalidOperationException($"Two modules bind the service '{module.Service}'.");
            }
        }

        var unbound = graph.ServicesInOrder.Where(s => !byService.ContainsKey(s.Name)).Select(s => s.Name).ToList();
        return unbound.Count == 0
            ? byService
            : throw new InvalidOperationException($"The asset graph's services {string.Join(", ", unbound)} have no module: add one to the runtime's module list.");
    }
}
