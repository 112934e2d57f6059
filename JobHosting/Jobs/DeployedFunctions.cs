using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// The Lambda functions besides the asset graph's services: each a project published like them by
/// <c>scripts/publish-lambdas.sh</c> (which reads the <c>Project</c> constants here) and packaged by the CDK app.
/// </summary>
public static class DeployedFunctions
{
    /// <summary>The freshness sensor: one evaluation per invocation, invoked on a schedule whether or not a job ran.</summary>
    public const string SensorProject = "Sensor";

    /// <summary>The projects published as functions: the graph's services, then the others.</summary>
    public static IReadOnlyList<string> Projects(AssetGraphDefinition graph) =>
        [.. graph.ServicesInOrder.Select(s => s.Project), SensorProject];
}
