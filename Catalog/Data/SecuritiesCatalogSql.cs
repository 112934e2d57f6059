namespace MarketAspire.Catalog.Data;

/// <summary>The catalog's reads of the security master (market_data.dim_securities and its view of the latest lists).</summary>
public static class SecuritiesCatalogSql
{
    /// <summary>The latest lists, filtered: listed on @date by the securities' own dates, status, exchange, asset type (each optional).</summary>
    public const string Universe =
        """
        SELECT symbol, security_name, exchange, asset_type, ipo_date, delisting_date, listing_status
        FROM market_data.securities_current
        WHERE (@date IS NULL OR ((ipo_date IS NULL OR ipo_date <= @date) AND (delisting_date IS NULL OR delisting_date > @date)))
          AND (@status IS NULL OR listing_status = @status)
          AND (@exchange IS NULL OR exchange = @exchange)
          AND (@asset_type IS NULL OR asset_type = @asset_type)
        ORDER BY symbol, listing_status
        LIMIT @limit
        """;

    /// <summary>The values the filters offer.</summary>
    public const string Choices =
        "SELECT DISTINCT 'exchange', exchange FROM market_data.securities_current UNION SELECT DISTINCT 'asset_type', asset_type FROM market_data.securities_current";

    /// <summary>Every version of one symbol in both lists, oldest first.</summary>
    public const string ListingHistory =
        """
        SELECT listing_status, security_name, exchange, asset_type, ipo_date, delisting_date, valid_from, valid_until
        FROM market_data.dim_securities
        WHERE symbol = @symbol
        ORDER BY valid_from, listing_status
        """;
}
