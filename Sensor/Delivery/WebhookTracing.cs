using OpenTelemetry.Instrumentation.Http;

namespace MarketAspire.Sensor.Delivery;

/// <summary>
/// Keeps the webhook's requests out of the traces: the HttpClient instrumentation records each request's url.full with
/// only the query redacted, and a Slack incoming webhook's secret is its path.
/// </summary>
public static class WebhookTracing
{
    public static IServiceCollection AddWebhookTraceExclusion(this IServiceCollection services)
    {
        services.AddOptions<HttpClientTraceInstrumentationOptions>().Configure<SensorSettings>((options, settings) =>
        {
            if (settings.WebhookUrl is not { } webhook)
            {
                return;
            }

            var earlier = options.FilterHttpRequestMessage;
            options.FilterHttpRequestMessage = request => !IsWebhook(request.RequestUri, webhook) && (earlier?.Invoke(request) ?? true);
        });
        return services;
    }

    private static bool IsWebhook(Uri? requested, Uri webhook) =>
        requested is not null && Uri.Compare(requested, webhook, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
}
