using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAspire.AppHost.Orchestration;

internal static class OrchestrationResources
{
    public const string MaterializeCommand = "materialize";
    public const string StatusResource = "status";
    public const string BackfillResource = "backfill";
    public const string BackfillFromKey = "MARKET_BACKFILL_FROM";

    /// <summary>
    /// Dashboard commands that re-materialize a service's assets (and everything downstream) for the stack's partition,
    /// a <c>status</c> resource that prints the partition x asset grid after each run, and the daily schedule.
    /// </summary>
    public static void AddOrchestration(
        this IDistributedApplicationBuilder builder,
        LocalStackSettings settings,
        string partition,
        IReadOnlyDictionary<string, IResourceBuilder<ExecutableResource>> jobs,
        AssetGraphDefinition graph)
    {
        var orchestrator = new OrchestratorProcess(settings, AssetGraphJobs.ServiceBinary(settings, "Orchestrator"));
        foreach (var (service, job) in jobs)
        {
            var first = graph.AssetsOf(service).FirstOrDefault();
            if (first is null)
            {
                job.AddMaterializeCommand(orchestrator, "Evaluate the checks again", ["materialize", "--partition", partition, "--checks"],
                    $"Evaluates the asset checks on partition {partition} again and records the results.");
                continue;
            }

            job.AddMaterializeCommand(orchestrator, $"Materialize {first.Key} and downstream",
                ["materialize", "--partition", partition, "--asset", first.Key.Name, "--downstream"],
                $"Runs {first.Key} for partition {partition} again, then everything downstream of it, and records the run.");
        }

        var last = graph.ServicesInOrder[^1].Name;
        var from = new DailyPartition(DailyPartition.Parse(partition).Date.AddDays(-13)).Key;
        builder.AddServiceJob(StatusResource, settings, "Orchestrator")
            .WithArgs("status", "--from", from, "--to", partition)
            .WithStackEnvironment(settings)
            .WaitForCompletion(jobs[last]);

        // A backfill to start from the dashboard (Start button): its console log shows the progress.
        var backfillFrom = builder.Configuration[BackfillFromKey] is { Length: > 0 } configured
            ? configured
            : new DailyPartition(DailyPartition.Parse(partition).Date.AddDays(-30)).Key;
        builder.AddServiceJob(BackfillResource, settings, "Orchestrator")
            .WithArgs("backfill", "--from", backfillFrom, "--to", partition)
            .WithStackEnvironment(settings)
            .WithExplicitStart();

        if (ScheduleSetting.Read(builder.Configuration[DailySchedule.SettingKey]) is { } schedule)
        {
            builder.Services.AddHostedService(sp => new ScheduleService(
                schedule, orchestrator, TimeProvider.System, sp.GetRequiredService<ILogger<ScheduleService>>()));
        }
    }

    private static IResourceBuilder<ExecutableResource> WithStackEnvironment(this IResourceBuilder<ExecutableResource> resource, LocalStackSettings settings) =>
        resource.WithEnvironment(context =>
        {
            foreach (var (key, value) in OrchestratorProcess.Environment(settings))
            {
                context.EnvironmentVariables[key] = value;
            }
        });

    private static void AddMaterializeCommand(
        this IResourceBuilder<ExecutableResource> job, OrchestratorProcess orchestrator, string displayName, string[] args, string description) =>
        job.WithCommand(MaterializeCommand, displayName, async context =>
        {
            var (exit, output) = await orchestrator.RunAsync(args, context.CancellationToken);
            var summary = output.Trim().Split('\n').LastOrDefault(l => l.StartsWith("backfill done", StringComparison.Ordinal)) ?? output.Trim();
            return exit == 0 ? CommandResults.Success() : CommandResults.Failure(summary);
        }, new CommandOptions { UpdateState = _ => ResourceCommandState.Enabled, Description = description, IconName = "ArrowSync" });
}
