using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MarketAspire.Tests.EndToEnd;

internal static class CatalogDashboardLink
{
    /// <summary>The catalog's link as the dashboard shows it, carrying this launch's access token.</summary>
    public static async Task<string> OfAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        static bool IsLink(UrlSnapshot url) => url.DisplayProperties.DisplayName == "Asset catalog";
        var catalog = await app.ResourceNotifications.WaitForResourceAsync("catalog", e => e.Snapshot.Urls.Any(IsLink), cancellationToken);
        return catalog.Snapshot.Urls.Single(IsLink).Url;
    }
}
