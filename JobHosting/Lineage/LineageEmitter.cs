using Microsoft.Extensions.Logging;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// Sends events through the configured transport, each within the configured timeout. A failure to emit never fails a
/// run: it is logged (naming the destination's scheme and host, never the URL's path, query or the key) and counted.
/// </summary>
public sealed class LineageEmitter(LineageSettings settings, ILineageTransport? transport, LineageMetrics metrics, ILogger<LineageEmitter> logger)
{
    public LineageSettings Settings => settings;

    /// <summary>Whether events go anywhere: with the transport off, callers skip building them.</summary>
    public bool Enabled => transport is not null;

    public async Task EmitAsync(RunEvent runEvent, CancellationToken ct)
    {
        if (transport is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await transport.SendAsync(runEvent, runEvent.ToJson(), timeout.Token);
            metrics.Emitted(settings.Transport, runEvent.EventType);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            metrics.Failed(settings.Transport, runEvent.EventType);
            var why = ex is OperationCanceledException ? $"no answer within {settings.Timeout.TotalSeconds:0} s" : $"{ex.GetType().Name}: {Scrub(ex.Message)}";
            LineageLog.NotEmitted(logger, runEvent.EventType, runEvent.Job.Name, settings.Destination, why);
        }
    }

    internal void SchemaNotRead(string schema, string reason) => LineageLog.SchemaNotRead(logger, schema, reason);

    private string Scrub(string message) =>
        settings.ApiKey is { Length: > 0 } key ? message.Replace(key, "***", StringComparison.Ordinal) : message;
}

internal static partial class LineageLog
{
    [LoggerMessage(9100, LogLevel.Warning, "OpenLineage {EventType} event of {Job} not delivered to {Destination} ({Reason}); the run goes on")]
    public static partial void NotEmitted(ILogger logger, string eventType, string job, string destination, string reason);

    [LoggerMessage(9101, LogLevel.Warning, "The columns of {Schema} could not be read for the OpenLineage schema facets ({Reason}); the events go without them")]
    public static partial void SchemaNotRead(ILogger logger, string schema, string reason);
}
