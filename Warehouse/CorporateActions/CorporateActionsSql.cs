namespace MarketAspire.Warehouse.CorporateActions;

/// <summary>
/// The corporate-action statements both dialects share. Every landing date's list is registered; a symbol's versions of
/// one list are read, rebuilt in memory (<see cref="ListHistory"/>) and written back whole, under the list's lock.
/// </summary>
public static class CorporateActionsSql
{
    public const string SplitsTable = "market_data.fct_splits";
    public const string DividendsTable = "market_data.fct_dividends";

    public const string CountedLists =
        """
        SELECT partition_date, source_key, source_version, run_id, loaded_at
        FROM market_data.corporate_action_lists
        WHERE symbol = @symbol AND list_name = @list AND outcome = 'list'
        """;

    public const string ListsOfLanding =
        "SELECT symbol, list_name FROM market_data.corporate_action_lists WHERE partition_date = @partition";

    public const string DeleteListLanding =
        "DELETE FROM market_data.corporate_action_lists WHERE symbol = @symbol AND list_name = @list AND partition_date = @partition";

    public const string InsertListLanding =
        """
        INSERT INTO market_data.corporate_action_lists (symbol, list_name, partition_date, outcome, entries, source_key, source_version, run_id, loaded_at)
        VALUES (@symbol, @list, @partition, @outcome, @entries, @key, @version, @run, @loaded_at)
        """;

    public const string SplitVersions =
        "SELECT effective_date, split_factor, partition_date, superseded_by_partition FROM market_data.fct_splits WHERE symbol = @symbol";

    public const string DividendVersions =
        """
        SELECT ex_dividend_date, amount, declaration_date, record_date, payment_date, partition_date, superseded_by_partition
        FROM market_data.fct_dividends WHERE symbol = @symbol
        """;

    public const string DeleteSplits = "DELETE FROM market_data.fct_splits WHERE symbol = @symbol";

    public const string DeleteDividends = "DELETE FROM market_data.fct_dividends WHERE symbol = @symbol";

    public const string InsertSplits =
        "INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, superseded_by_partition, source_key, source_version, run_id, loaded_at) VALUES ";

    public const string InsertDividends =
        "INSERT INTO market_data.fct_dividends (symbol, ex_dividend_date, amount, declaration_date, record_date, payment_date, partition_date, superseded_by_partition, source_key, source_version, run_id, loaded_at) VALUES ";

    /// <summary>The current dividends of a symbol that adjust nothing yet, and why (read after the load).</summary>
    public const string DividendsNotAdjusting =
        """
        SELECT symbol, ex_dividend_date, CASE WHEN last_bar IS NULL OR last_bar < ex_dividend_date THEN 'declared' ELSE 'no close before the ex-date' END
        FROM market_data.dividend_closes
        WHERE symbol = @symbol AND (last_bar IS NULL OR last_bar < ex_dividend_date OR prev_close IS NULL)
        ORDER BY symbol, ex_dividend_date
        """;
}
