using MarketAspire.Sensor.Alerts;

namespace MarketAspire.Sensor.Delivery;

/// <summary>Where alerts go. <see cref="Name"/> is safe to log and store: it never holds the destination's secret.</summary>
public interface IAlertDestination
{
    string Name { get; }

    /// <summary>Delivers one message, or throws; the caller retries and finally records a dead letter.</summary>
    Task SendAsync(AlertMessage message, CancellationToken ct);
}
