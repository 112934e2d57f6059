using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace MarketAspire.Catalog.Security;

/// <summary>
/// The catalog's token, as Jupyter and the Aspire dashboard use theirs: the link carries <c>?token=</c> once, the catalog
/// answers with an HttpOnly, SameSite=Strict cookie and the same address without the token; every other request without
/// that cookie is a 401. The cookie holds a value derived from the token, not the token.
/// </summary>
public static class AccessToken
{
    public const string CookieName = "marketaspire-catalog";
    public const string QueryName = "token";

    /// <summary>What the AppHost's health check polls: it says "Healthy" and nothing else.</summary>
    private static readonly string[] Open = ["/health", "/alive"];

    /// <summary>The query's names are read case-insensitively (<c>?Token=</c> signs in too), so they are matched so everywhere.</summary>
    public static bool IsQueryName(string name) => string.Equals(name, QueryName, StringComparison.OrdinalIgnoreCase);

    public static string CookieValue(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "marketaspire-catalog-session"u8));

    public static IApplicationBuilder UseAccessToken(this IApplicationBuilder app, string token)
    {
        var expected = Encoding.UTF8.GetBytes(CookieValue(token));
        bool Matches(string? value) => value is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), expected);

        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (Open.Contains(request.Path.Value, StringComparer.Ordinal))
            {
                await next(context);
                return;
            }

            if (request.Query.TryGetValue(QueryName, out var offered) && HttpMethods.IsGet(request.Method) && Matches(CookieValue(offered.ToString())))
            {
                context.Response.Cookies.Append(CookieName, CookieValue(token), new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", Secure = request.IsHttps,
                });
                var query = QueryHelpers.ParseQuery(request.QueryString.Value).Where(q => !IsQueryName(q.Key));
                // One leading slash: "//evil.example" or "/\evil.example" would send the browser to another site.
                var path = "/" + (request.PathBase + request.Path).Value?.TrimStart('/', '\\');
                context.Response.Redirect(path + QueryString.Create(query));
                return;
            }

            if (Matches(request.Cookies[CookieName]))
            {
                await next(context);
                return;
            }

            await Refusals.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "The catalog needs its access token: open it from the link the Aspire dashboard shows (resource catalog), or add ?token=... to the address.");
        });
    }
}
