using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.JobHosting.Records;

/// <summary>
/// The services that need less of the warehouse than its owner (the warehouse service, which migrates and loads), and
/// exactly what their statements need. One definition for the deployment (which creates their passwords) and the
/// migrate command (which creates the users and grants).
/// </summary>
public static class ServiceDatabaseUsers
{
    /// <summary>What each service may do; the same text on Redshift and PostgreSQL. {0} is the user.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Grants = new Dictionary<string, string[]>
    {
        [MarketAssets.Extractor] =
        [
            "GRANT USAGE ON SCHEMA market_meta TO {0}",
            "GRANT SELECT, INSERT, UPDATE ON market_meta.runs TO {0}",
            "GRANT INSERT ON market_meta.materializations TO {0}",
        ],
        [MarketAssets.Quality] =
        [
            "GRANT USAGE ON SCHEMA market_meta TO {0}",
            "GRANT USAGE ON SCHEMA market_data TO {0}",
            "GRANT SELECT ON market_data.stg_stock_prices, market_data.fct_stock_prices TO {0}",
            "GRANT SELECT ON market_meta.materializations TO {0}",
            "GRANT SELECT, INSERT, UPDATE ON market_meta.runs TO {0}",
            "GRANT INSERT ON market_meta.check_evaluations TO {0}",
        ],
    };

    /// <summary>The setting that carries a service user's password: <c>MARKET_DB_PASSWORD_{SERVICE}</c>.</summary>
    public const string PasswordPrefix = "MARKET_DB_PASSWORD_";

    public static string UserOf(string service) => "marketaspire_" + service;

    public static string PasswordKeyOf(string service) => PasswordPrefix + service.ToUpperInvariant();
}
