using System.Net.Http.Headers;
using MarketAspire.Sensor.Alerts;

namespace MarketAspire.Sensor.Delivery;

/// <summary>
/// A JSON POST to a webhook. The URL's path and query may be a secret (a Slack incoming webhook's are), so the name says
/// only the host, and nothing this class throws holds the URL: the HttpClient is a plain one, without the factory's
/// logging handler that logs each request's URI.
/// </summary>
public sealed class WebhookDestination(HttpClient http, Uri url, WebhookFormat format) : IAlertDestination
{
    public string Name { get; } = $"webhook {url.Host}";

    public async Task SendAsync(AlertMessage message, CancellationToken ct)
    {
        using var content = new StringContent(AlertPayloads.Render(message, format));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(url, content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new AlertDeliveryException($"{Name} answered HTTP {(int)response.StatusCode}");
        }
    }
}

public sealed class AlertDeliveryException(string message) : Exception(message);
