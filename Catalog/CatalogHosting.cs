using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Catalog;

/// <summary>How the catalog's web host is made: Production unless its own developer switch says otherwise.</summary>
public static class CatalogHosting
{
    /// <summary>
    /// The AppHost passes its Development environment to every resource; the catalog does not take it, since Development
    /// brings the developer exception page (stack traces, configuration). <c>MARKET_CATALOG_DEVELOPER_ERRORS=true</c> does.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var switches = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var developer = bool.TryParse(switches[SettingKeys.CatalogDeveloperErrors], out var on) && on;
        return new WebApplicationOptions { Args = args, EnvironmentName = developer ? Environments.Development : Environments.Production };
    }
}
