using System.Diagnostics.Metrics;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>OpenLineage events delivered and not delivered, by transport and event type.</summary>
public sealed class LineageMetrics
{
    public const string Name = "MarketAspire.Lineage";

    private readonly Counter<long> _emitted;
    private readonly Counter<long> _failed;

    public LineageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _emitted = meter.CreateCounter<long>("marketaspire.lineage.events", "{event}", "OpenLineage events delivered, by transport and event type.");
        _failed = meter.CreateCounter<long>("marketaspire.lineage.failures", "{event}", "OpenLineage events that could not be delivered (the run went on), by transport and event type.");
    }

    public void Emitted(LineageTransportKind transport, string eventType) => _emitted.Add(1, Tags(transport, eventType));

    public void Failed(LineageTransportKind transport, string eventType) => _failed.Add(1, Tags(transport, eventType));

    private static KeyValuePair<string, object?>[] Tags(LineageTransportKind transport, string eventType) =>
        [new("transport", transport.ToString().ToLowerInvariant()), new("event_type", eventType)];
}
