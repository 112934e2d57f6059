using Microsoft.Extensions.Logging;

namespace MarketAspire.JobHosting.Jobs;

internal static partial class JobLog
{
    [LoggerMessage(1000, LogLevel.Information, "Run {RunId}: {Service} starts on partition {Partition} ({Deployment})")]
    public static partial void RunStarted(ILogger logger, string runId, string service, string partition, string deployment);

    [LoggerMessage(1001, LogLevel.Information, "Run {RunId}: {Service} succeeded on partition {Partition} in {ElapsedMs} ms")]
    public static partial void RunSucceeded(ILogger logger, string runId, string service, string partition, long elapsedMs);

    [LoggerMessage(1002, LogLevel.Error, "Run {RunId}: {Service} failed on partition {Partition} after {ElapsedMs} ms: {Error}")]
    public static partial void RunFailed(ILogger logger, string runId, string service, string partition, long elapsedMs, string error);

    [LoggerMessage(1003, LogLevel.Error, "Run {RunId}: {Service} crashed on partition {Partition}")]
    public static partial void RunCrashed(ILogger logger, Exception exception, string runId, string service, string partition);

    [LoggerMessage(1004, LogLevel.Warning, "Marked {Count} abandoned runs failed (running, but no heartbeat: their processes are gone)")]
    public static partial void AbandonedRunsFailed(ILogger logger, int count);

    [LoggerMessage(1005, LogLevel.Error, "Run {RunId}: its end ({Status}) could not be recorded: {Error}. It is marked failed as abandoned once its heartbeat is stale")]
    public static partial void RunEndNotRecorded(ILogger logger, string runId, string status, string error);
}
