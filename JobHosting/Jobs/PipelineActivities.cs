using System.Diagnostics;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>The spans every service creates: one per asset materialization and one per check evaluation, tagged alike.</summary>
public static class PipelineActivities
{
    public const string AssetTag = "marketaspire.asset";
    public const string CheckTag = "marketaspire.check";
    public const string CheckPassedTag = "marketaspire.check.passed";
    public const string PartitionTag = "marketaspire.partition";
    public const string RunIdTag = "marketaspire.run_id";

    public static Activity? Materialize(this ActivitySource source, AssetKey asset, JobContext context) =>
        source.StartActivity($"materialize {asset}")
            ?.SetTag(AssetTag, asset.Name)
            .SetTag(PartitionTag, context.Partition.Key)
            .SetTag(RunIdTag, context.RunId);

    public static Activity? Evaluate(this ActivitySource source, AssetCheckDefinition check, JobContext context) =>
        source.StartActivity($"check {check.Name}")
            ?.SetTag(CheckTag, check.Name)
            .SetTag(AssetTag, check.Asset.Name)
            .SetTag(PartitionTag, context.Partition.Key)
            .SetTag(RunIdTag, context.RunId);

    /// <summary>Marks the span failed with the reason (no exception: a failed check or a rejected load is an outcome).</summary>
    public static void Failed(this Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
