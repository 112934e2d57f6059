using MarketAspire.Sensor.Alerts;
using MarketAspire.Sensor.Records;

namespace MarketAspire.Sensor.Delivery;

/// <summary>
/// At-least-once delivery: each message to each destination, with bounded retries; a destination that stays down gets a
/// dead letter in <c>market_meta.alert_dead_letters</c> (the message as the generic JSON, the attempts, the last error).
/// </summary>
public sealed class AlertDelivery(
    IEnumerable<IAlertDestination> destinations, OperationsStore store, SensorSettings settings, SecretText secrets, TimeProvider time, ILogger<AlertDelivery> logger)
{
    private readonly IReadOnlyList<IAlertDestination> _destinations = [.. destinations];

    /// <summary>Returns how many deliveries ended as dead letters.</summary>
    public async Task<int> DeliverAsync(IReadOnlyList<AlertMessage> messages, CancellationToken ct)
    {
        var deadLetters = 0;
        foreach (var message in messages)
        {
            foreach (var destination in _destinations)
            {
                if (await TrySendAsync(destination, message, ct) is { } lastError)
                {
                    deadLetters++;
                    SensorLog.DeadLetter(logger, destination.Name, settings.MaxAttempts, lastError);
                    await store.RecordDeadLetterAsync(destination.Name, AlertPayloads.Render(message, WebhookFormat.Json),
                        settings.MaxAttempts, lastError, time.GetUtcNow(), ct);
                }
            }
        }

        return deadLetters;
    }

    /// <returns>null when delivered; else the last attempt's error, without the destination's secret.</returns>
    private async Task<string?> TrySendAsync(IAlertDestination destination, AlertMessage message, CancellationToken ct)
    {
        var lastError = "";
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            try
            {
                await destination.SendAsync(message, ct);
                SensorLog.Delivered(logger, destination.Name, message.Total, attempt);
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                lastError = secrets.Redact($"{ex.GetType().Name}: {ex.GetBaseException().Message}");
                SensorLog.DeliveryFailed(logger, destination.Name, attempt, settings.MaxAttempts, lastError);
            }

            if (attempt < settings.MaxAttempts)
            {
                await Task.Delay(settings.RetryDelay * attempt, ct);
            }
        }

        return lastError;
    }
}
