using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAspire.AppHost.Catalog;

/// <summary>
/// The catalog's per-launch access token, as the Aspire dashboard and Jupyter make theirs: random for each AppHost launch,
/// given only to the catalog, and shown only as the link the dashboard offers and the one line the AppHost logs at start.
/// </summary>
internal static partial class CatalogLink
{
    /// <summary>The link's text in the dashboard.</summary>
    public const string DisplayText = "Asset catalog";

    /// <summary>256 random bits as 64 hex characters (safe in a URL without escaping).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The address that signs a browser in: the catalog exchanges the token for its cookie and drops it from the address.</summary>
    public static string For(int port, string token) => $"http://127.0.0.1:{port}/?token={token}";

    /// <summary>Gives the catalog the token, replaces its endpoint's bare link in the dashboard with the tokenized one, and logs that link once.</summary>
    public static IResourceBuilder<ProjectResource> WithAccessToken(this IResourceBuilder<ProjectResource> catalog, int port)
    {
        var token = NewToken();
        var link = For(port, token);
        catalog.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            Opened(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CatalogLink).FullName!), link);
            return Task.CompletedTask;
        });

        return catalog
            .WithEnvironment(JobHosting.Configuration.SettingKeys.CatalogToken, token)
            .WithUrls(context =>
            {
                context.Urls.RemoveAll(url => url.Endpoint is not null);
                context.Urls.Add(new ResourceUrlAnnotation { Url = link, DisplayText = DisplayText });
            });
    }

    [LoggerMessage(6010, LogLevel.Information, "Asset catalog: {Link}")]
    private static partial void Opened(ILogger logger, string link);
}
