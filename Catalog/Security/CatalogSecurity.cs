namespace MarketAspire.Catalog.Security;

/// <summary>The guards in front of every page, in order: headers on every answer, the host, the token, the origin.</summary>
public static class CatalogSecurity
{
    public static WebApplication UseCatalogSecurity(this WebApplication app, CatalogSettings settings)
    {
        app.UseSecurityHeaders();
        app.UseHostCheck(settings.AllowedHosts);
        if (settings.AccessToken is { } token)
        {
            app.UseAccessToken(token);
        }

        app.UseCrossSiteGuard();
        return app;
    }
}
