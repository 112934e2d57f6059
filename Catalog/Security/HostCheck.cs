using System.Net;

namespace MarketAspire.Catalog.Security;

/// <summary>
/// Answers only requests addressed to a loopback name (or a configured host): a DNS-rebinding page that points its own
/// name at 127.0.0.1 gets a 400, never the catalog's pages or forms.
/// </summary>
public static class HostCheck
{
    public static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    public static IApplicationBuilder UseHostCheck(this IApplicationBuilder app, IReadOnlyList<string> allowedHosts) => app.Use(async (context, next) =>
    {
        var host = context.Request.Host.Host;
        if (IsLoopbackName(host) || allowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        await Refusals.WriteAsync(context, StatusCodes.Status400BadRequest,
            $"The catalog answers only to 127.0.0.1, localhost and [::1]{(allowedHosts.Count > 0 ? " and " + string.Join(", ", allowedHosts) : "")}: this request's Host is not one of them.");
    });
}
