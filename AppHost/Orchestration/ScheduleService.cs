using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketAspire.AppHost.Orchestration;

/// <summary>While the local stack runs, materializes each new trading day's partition once its data is published.</summary>
internal sealed partial class ScheduleService(
    DailySchedule schedule, OrchestratorProcess orchestrator, IServiceProvider services, TimeProvider time, ILogger<ScheduleService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var (at, partition) = schedule.Next(time.GetUtcNow());
            Next(logger, partition.Key, at);
            await Task.Delay(at - time.GetUtcNow(), time, stoppingToken);
            var (exit, output, report) = await orchestrator.RunAsync(new BackfillRequest(partition, partition), services, stoppingToken);
            Ran(logger, partition.Key, exit, report?.Describe() ?? output.Trim());
        }
    }

    [LoggerMessage(6000, LogLevel.Information, "Schedule: partition {Partition} will be materialized at {At:yyyy-MM-dd HH:mm zzz}")]
    private static partial void Next(ILogger logger, string partition, DateTimeOffset at);

    [LoggerMessage(6001, LogLevel.Information, "Schedule: partition {Partition} finished with exit code {ExitCode}:\n{Output}")]
    private static partial void Ran(ILogger logger, string partition, int exitCode, string output);
}
