using MarketAspire.Sensor.Delivery;

namespace MarketAspire.Sensor;

/// <summary>The local sensor: an evaluation at start and then every interval, until the host stops (the AppHost's resource).</summary>
public sealed class SensorLoop(
    FreshnessSensor sensor, SensorSettings settings, IEnumerable<IAlertDestination> destinations, SecretText secrets, TimeProvider time, ILogger<SensorLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SensorLog.Started(logger, settings.Interval, settings.LookbackTradingDays, string.Join(", ", destinations.Select(d => d.Name).DefaultIfEmpty("none")));
        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            try
            {
                await sensor.EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed evaluation (the warehouse restarting) must not end the sensor: the next one may succeed.
                SensorLog.EvaluationFailed(logger, secrets.Redact($"{ex.GetType().Name}: {ex.GetBaseException().Message}"));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
