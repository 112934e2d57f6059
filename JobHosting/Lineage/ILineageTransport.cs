namespace MarketAspire.JobHosting.Lineage;

/// <summary>Delivers one event (its JSON) or throws; <see cref="LineageEmitter"/> bounds the time and absorbs the failure.</summary>
public interface ILineageTransport
{
    Task SendAsync(RunEvent runEvent, string json, CancellationToken ct);
}
