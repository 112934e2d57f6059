namespace MarketAspire.Warehouse.CorporateActions;

/// <summary>
/// The corporate-action statements both dialects share. Per symbol, the latest landing date's list replaces the
/// earlier ones; a list older than one already loaded changes nothing.
/// </summary>
public static class CorporateActionsSql
{
    public const string SplitsTable = "market_data.fct_splits";
    public const string DividendsTable = "market_data.fct_dividends";

    public const string LaterSplits = "SELECT count(*) FROM market_data.fct_splits WHERE symbol = @symbol AND partition_date > @partition";

    public const string LaterDividends = "SELECT count(*) FROM market_data.fct_dividends WHERE symbol = @symbol AND partition_date > @partition";

    public const string DeleteSplits = "DELETE FROM market_data.fct_splits WHERE symbol = @symbol AND partition_date <= @partition";

    public const string DeleteDividends = "DELETE FROM market_data.fct_dividends WHERE symbol = @symbol AND partition_date <= @partition";

    public const string InsertSplits =
        "INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at) VALUES ";

    public const string InsertDividends =
        "INSERT INTO market_data.fct_dividends (symbol, ex_dividend_date, amount, declaration_date, record_date, payment_date, partition_date, source_key, source_version, run_id, loaded_at) VALUES ";
}
