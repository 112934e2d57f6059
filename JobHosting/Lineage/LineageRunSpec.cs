using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// One OpenLineage run: an asset's materialization of a partition (job <c>{service}.{asset}</c>) or a check's evaluation
/// of it (job <c>{service}.{asset}.{check}</c>), as Dagster's and Airflow's integrations make one run per asset or task
/// with the job or DAG run as its parent. Names, inputs and outputs all come from the asset graph.
/// </summary>
public sealed record LineageRunSpec(
    Guid RunId,
    string JobNamespace,
    string JobName,
    string JobType,
    string Description,
    DailyPartition Partition,
    LineageParent? Parent,
    IReadOnlyList<DatasetName> Inputs,
    IReadOnlyList<DatasetName> Outputs)
{
    public const string AssetJobType = "ASSET";
    public const string CheckJobType = "ASSET_CHECK";

    public static string JobNameOf(AssetDefinition asset) => $"{asset.Service}.{asset.Key}";

    public static string JobNameOf(AssetCheckDefinition check) => $"{check.Service}.{check.Asset}.{check.Name}";

    public static LineageRunSpec Materialization(
        AssetGraphDefinition graph, AssetDefinition asset, LineageStores stores, string jobNamespace, DailyPartition partition, LineageParent? parent) =>
        new(Guid.CreateVersion7(), jobNamespace, JobNameOf(asset), AssetJobType, asset.Description, partition, parent,
            [.. asset.Upstream.Select(u => LineageDatasets.Of(graph[u], stores, jobNamespace))],
            [LineageDatasets.Of(asset, stores, jobNamespace)]);

    public static LineageRunSpec Evaluation(
        AssetGraphDefinition graph, AssetCheckDefinition check, LineageStores stores, string jobNamespace, DailyPartition partition, LineageParent? parent) =>
        new(Guid.CreateVersion7(), jobNamespace, JobNameOf(check), CheckJobType, check.Description, partition, parent,
            [LineageDatasets.Of(graph[check.Asset], stores, jobNamespace)], []);
}
