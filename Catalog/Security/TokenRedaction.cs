using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace MarketAspire.Catalog.Security;

/// <summary>
/// The token travels in a query string once, in the link that signs a browser in: it must not travel further, into the
/// request's trace or a request log line, whatever log levels or instrumentation settings are configured.
/// </summary>
public static class TokenRedaction
{
    public const string Redacted = "Redacted";

    /// <summary>ASP.NET Core's hosting logs each request line, query string included ("Request starting ... ?token=...").</summary>
    public const string RequestLineCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IHostApplicationBuilder AddTokenRedaction(this IHostApplicationBuilder builder)
    {
        // Added after the configuration's rules, so this one wins for its category whatever Logging:LogLevel says.
        builder.Logging.AddFilter(RequestLineCategory, LogLevel.Warning);

        // The HTTP instrumentation records url.query; its own redaction can be switched off by a setting, this cannot.
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var enrich = options.EnrichWithHttpRequest;
            options.EnrichWithHttpRequest = (activity, request) =>
            {
                enrich?.Invoke(activity, request);
                if (request.QueryString.HasValue)
                {
                    activity.SetTag("url.query", Query(request.QueryString.Value));
                }
            };
        });
        return builder;
    }

    /// <summary>The query string with the token's value replaced (its name in any letter case, as the catalog reads it).</summary>
    public static string Query(string query) =>
        QueryString.Create(QueryHelpers.ParseQuery(query).Select(q =>
            KeyValuePair.Create(q.Key, AccessToken.IsQueryName(q.Key) ? new StringValues(Redacted) : q.Value))).Value ?? "";
}
