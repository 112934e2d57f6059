namespace MarketAspire.Warehouse.Securities;

/// <summary>The security master's statements, both dialects: each state's lists registered, its versions read and rewritten where they changed.</summary>
public static class SecuritiesSql
{
    public const string Table = "market_data.dim_securities";

    public const string CountedLists =
        """
        SELECT partition_date, source_key, source_version, run_id, loaded_at
        FROM market_data.listing_status_lists
        WHERE list_state = @state AND outcome = 'list'
        """;

    /// <summary>The valid rows of the state's latest counted list before the landing date.</summary>
    public const string PreviousCountedEntries =
        """
        SELECT entries FROM market_data.listing_status_lists
        WHERE list_state = @state AND outcome = 'list' AND partition_date < @partition
        ORDER BY partition_date DESC
        LIMIT 1
        """;

    public const string ListsOfLanding = "SELECT list_state FROM market_data.listing_status_lists WHERE partition_date = @partition";

    public const string DeleteListLanding = "DELETE FROM market_data.listing_status_lists WHERE list_state = @state AND partition_date = @partition";

    public const string InsertListLanding =
        """
        INSERT INTO market_data.listing_status_lists (list_state, partition_date, outcome, entries, source_key, source_version, run_id, loaded_at)
        VALUES (@state, @partition, @outcome, @entries, @key, @version, @run, @loaded_at)
        """;

    public const string Versions =
        """
        SELECT symbol, security_name, exchange, asset_type, ipo_date, delisting_date, listing_status, valid_from, valid_until
        FROM market_data.dim_securities
        WHERE listing_status = @status
        """;

    /// <summary>Followed by <c>(symbol = @sN AND valid_from = @fN) OR ...</c>.</summary>
    public const string DeleteVersions = "DELETE FROM market_data.dim_securities WHERE listing_status = @status AND ";

    public const string InsertVersions =
        """
        INSERT INTO market_data.dim_securities (symbol, security_name, exchange, asset_type, ipo_date, delisting_date, listing_status, valid_from, valid_until,
            source_key, source_version, run_id, loaded_at) VALUES 
        """;

    /// <summary>
    /// The active universe as the lists stood on landing date <c>@day</c> (what the pipeline knew then, or what a dated
    /// snapshot of that date returned): each active row whose validity interval holds the date.
    /// </summary>
    public const string ActiveKnownOn =
        """
        SELECT symbol, security_name, exchange, asset_type, ipo_date
        FROM market_data.dim_securities
        WHERE listing_status = 'Active' AND valid_from <= @day AND (valid_until IS NULL OR valid_until > @day)
        ORDER BY symbol
        """;

    /// <summary>Every version, for the curated Parquet file, marked when <c>securities_current</c> holds it (its one definition of current).</summary>
    public const string AllVersions =
        """
        SELECT d.symbol, d.security_name, d.exchange, d.asset_type, d.ipo_date, d.delisting_date, d.listing_status, d.valid_from, d.valid_until,
               c.symbol IS NOT NULL AS is_current
        FROM market_data.dim_securities d
        LEFT JOIN market_data.securities_current c ON c.symbol = d.symbol AND c.listing_status = d.listing_status AND c.valid_from = d.valid_from
        ORDER BY d.symbol, d.listing_status, d.valid_from
        """;
}
