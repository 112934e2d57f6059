using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAspire.AppHost.Orchestration;

internal static class OrchestrationResources
{
    public const string MaterializeCommand = "materialize";
    public const string StatusResource = "status";
    public const string BackfillResource = "backfill";

    /// <summary>
    /// Dashboard commands that re-materialize a service's assets (and everything downstream) for the stack's partition,
    /// a <c>status</c> resource that prints the partition x asset grid after each run, and the daily schedule.
    /// </summary>
    public static void AddOrchestration(
        this IDistributedApplicationBuilder builder,
        LocalStackSettings settings,
        string partition,
        IReadOnlyDictionary<string, IResourceBuilder<ProjectResource>> services,
        AssetGraphDefinition graph,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> wire)
    {
        var last = graph.ServicesInOrder[^1].Name;
        var from = new DailyPartition(DailyPartition.Parse(partition).Date.AddDays(-13)).Key;
        var status = wire(builder.AddProjectResource(StatusResource, "Orchestrator"))
            .WithArgs([.. new StatusRequest(DailyPartition.Parse(from), DailyPartition.Parse(partition)).Arguments])
            .WaitForCompletion(services[last]);

        var orchestrator = new OrchestratorProcess(settings, status.Resource);
        foreach (var (service, resource) in services)
        {
            var assets = graph.AssetsOf(service);
            if (assets.Count == 0)
            {
                resource.AddMaterializeCommand(orchestrator, MaterializeCommand, "Evaluate the checks again", new MaterializeRequest(DailyPartition.Parse(partition), null),
                    $"Evaluates the asset checks on partition {partition} again and records the results.");
                continue;
            }

            // One command per asset of the service; the first keeps the plain name.
            foreach (var asset in assets)
            {
                resource.AddMaterializeCommand(orchestrator, asset == assets[0] ? MaterializeCommand : $"{MaterializeCommand}-{asset.Key}",
                    $"Materialize {asset.Key} and downstream", new MaterializeRequest(DailyPartition.Parse(partition), asset.Key),
                    $"Runs {asset.Key} for partition {partition} again, then everything downstream of it, and records the run.");
            }
        }

        // A backfill to start from the dashboard (Start button): its console log shows the progress.
        var backfillFrom = builder.Configuration[SettingKeys.BackfillFrom] is { Length: > 0 } configured
            ? configured
            : new DailyPartition(DailyPartition.Parse(partition).Date.AddDays(-30)).Key;
        wire(builder.AddProjectResource(BackfillResource, "Orchestrator"))
            .WithArgs([.. new BackfillRequest(DailyPartition.Parse(backfillFrom), DailyPartition.Parse(partition)).Arguments])
            .WithExplicitStart();

        if (ScheduleSetting.Read(builder.Configuration[SettingKeys.Schedule]) is { } schedule)
        {
            builder.Services.AddHostedService(sp => new ScheduleService(
                schedule, orchestrator, sp, TimeProvider.System, sp.GetRequiredService<ILogger<ScheduleService>>()));
        }
    }

    private static void AddMaterializeCommand(
        this IResourceBuilder<ProjectResource> resource, OrchestratorProcess orchestrator, string name, string displayName, MaterializeRequest request, string description) =>
        resource.WithCommand(name, displayName, async context =>
        {
            var (exit, output, report) = await orchestrator.RunAsync(request, context.Services, context.CancellationToken);
            var summary = report?.Describe().Replace("\n", "; ", StringComparison.Ordinal) ?? output.Trim();
            return exit == 0 ? CommandResults.Success() : CommandResults.Failure(summary);
        }, new CommandOptions { UpdateState = _ => ResourceCommandState.Enabled, Description = description, IconName = "ArrowSync" });
}
