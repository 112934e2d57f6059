namespace MarketAspire.Catalog.Security;

/// <summary>
/// Refuses a state-changing request that the browser says comes from another site (or another origin of this one):
/// with antiforgery, a page elsewhere can neither post a form nor replay a token it read.
/// </summary>
public static class CrossSiteGuard
{
    public static bool IsCrossSite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    public static IApplicationBuilder UseCrossSiteGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsCrossSite(context.Request))
        {
            await Refusals.WriteAsync(context, StatusCodes.Status403Forbidden, "The catalog refuses forms posted from another site or origin.");
            return;
        }

        await next(context);
    });
}
