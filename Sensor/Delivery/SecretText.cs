namespace MarketAspire.Sensor.Delivery;

/// <summary>Removes the destinations' secrets (a webhook's URL, and its path and query alone) from text that leaves the process.</summary>
public sealed class SecretText(IEnumerable<string> secrets)
{
    public const string Mask = "***";

    private readonly IReadOnlyList<string> _secrets = [.. secrets.Where(s => s.Length >= 4).OrderByDescending(s => s.Length)];

    public static SecretText Of(SensorSettings settings) =>
        new(settings.WebhookUrl is { } url ? [url.OriginalString, url.AbsoluteUri, url.PathAndQuery] : []);

    public string Redact(string text) =>
        _secrets.Aggregate(text, (current, secret) => current.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase));
}
