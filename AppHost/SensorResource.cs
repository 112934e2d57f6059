using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.AppHost;

/// <summary>
/// The freshness sensor as a long-running resource (<c>sensor</c>): it evaluates the graph's deadlines every
/// <c>SENSOR_INTERVAL_SECONDS</c> whether or not a job runs, and sends the alerts to <c>ALERT_WEBHOOK_URL</c> (the AppHost
/// passes the sensor's keys of its <c>.env</c>, the webhook as a secret parameter). It needs the warehouse's tables, so it
/// starts after the migration.
/// </summary>
internal static class SensorResource
{
    public const string Name = "sensor";

    public static IResourceBuilder<ProjectResource> AddSensor(this IDistributedApplicationBuilder builder, AssetGraphDefinition graph, IStackInfrastructure infrastructure, OperationsSettings operations)
    {
        var migrate = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ServiceResources.PrepareResourceName(graph.Preparer!));
        return operations.WireSensor(infrastructure.Wire(builder.AddProjectResource(Name, "Sensor"))).WaitForCompletion(builder.CreateResourceBuilder(migrate));
    }
}
