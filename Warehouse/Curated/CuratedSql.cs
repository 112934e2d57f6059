namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// The statements of <c>curated_stock_prices</c> that both dialects share. A run rewrites the symbol-years it changed
/// (<c>market_data.curated_years</c>): the years of every bar the partition staged or versioned, and every year of a
/// symbol whose adjustment factors differ from those its files were written with (a new split or dividend, a dividend
/// that took effect, a revised close before an ex-date) or that was never written in this layout. Year 0 marks a symbol
/// rewritten whole. Each attempt plans under its own id (<c>@plan</c>), so concurrent runs of one partition never read
/// each other's plans, and removes its rows when it has recorded what it wrote.
/// </summary>
public static class CuratedSql
{
    public const int WholeSymbol = 0;

    /// <summary>Locked by the plan's and the record's transactions: concurrent runs plan and record one after the other.</summary>
    public const string FactorsTable = "market_data.curated_factors";

    public const string ClearYears = "DELETE FROM market_data.curated_years WHERE plan_id = @plan";

    /// <summary>The years of the bars the partition staged, made current, or replaced.</summary>
    public const string ChangedYears =
        """
        INSERT INTO market_data.curated_years (plan_id, partition_date, symbol, year)
        SELECT DISTINCT CAST(@plan AS VARCHAR(36)), CAST(@partition AS DATE), symbol, CAST(EXTRACT(YEAR FROM price_date) AS INT)
        FROM (
            SELECT symbol, price_date FROM market_data.stg_stock_prices WHERE partition_date = @partition
            UNION ALL
            SELECT symbol, price_date FROM market_data.fct_stock_prices WHERE partition_date = @partition
            UNION ALL
            SELECT symbol, price_date FROM market_data.fct_stock_price_revisions WHERE partition_date = @partition OR superseded_by_partition = @partition
        ) changed
        """;

    /// <summary>The adjustment factors as they are now, computed once per plan (the dividend ranges cost a probe per dividend).</summary>
    public const string CreateCurrentFactors =
        """
        CREATE TEMP TABLE curated_current_factors AS
        SELECT symbol, 'split' AS kind, from_date, to_date, factor FROM market_data.split_adjustment_ranges
        UNION ALL
        SELECT symbol, 'dividend' AS kind, from_date, to_date, factor FROM market_data.dividend_adjustment_ranges
        """;

    public const string DropCurrentFactors = "DROP TABLE curated_current_factors";

    private const string CurrentFactors = "SELECT symbol, kind, from_date, to_date, factor FROM curated_current_factors";

    private const string WrittenFactors =
        "SELECT symbol, kind, from_date, to_date, factor FROM market_data.curated_factors WHERE plan_id IS NULL AND kind <> 'layout'";

    /// <summary>The symbols to rewrite whole, marked with year 0.</summary>
    public const string WholeSymbols =
        $"""
        INSERT INTO market_data.curated_years (plan_id, partition_date, symbol, year)
        SELECT CAST(@plan AS VARCHAR(36)), CAST(@partition AS DATE), symbol, 0
        FROM (
            SELECT symbol FROM ({CurrentFactors} EXCEPT {WrittenFactors}) added
            UNION
            SELECT symbol FROM ({WrittenFactors} EXCEPT {CurrentFactors}) removed
            UNION
            SELECT symbol FROM (
                SELECT symbol FROM market_data.curated_years WHERE plan_id = @plan
                EXCEPT
                SELECT symbol FROM market_data.curated_factors WHERE plan_id IS NULL AND kind = 'layout'
            ) unwritten
        ) whole
        """;

    /// <summary>Every year of the symbols rewritten whole.</summary>
    public const string WholeSymbolYears =
        """
        INSERT INTO market_data.curated_years (plan_id, partition_date, symbol, year)
        SELECT CAST(@plan AS VARCHAR(36)), CAST(@partition AS DATE), symbol, year
        FROM (
            SELECT DISTINCT f.symbol, CAST(EXTRACT(YEAR FROM f.price_date) AS INT) AS year
            FROM market_data.fct_stock_prices f
            JOIN market_data.curated_years w ON w.symbol = f.symbol AND w.plan_id = @plan AND w.year = 0
            EXCEPT
            SELECT symbol, year FROM market_data.curated_years WHERE plan_id = @plan
        ) missing
        """;

    /// <summary>The symbol-years of the run: (symbol, year), year 0 for a symbol rewritten whole.</summary>
    public const string Years =
        "SELECT symbol, year FROM market_data.curated_years WHERE plan_id = @plan ORDER BY symbol, year";

    private const string RunSymbols =
        "SELECT DISTINCT symbol FROM market_data.curated_years WHERE plan_id = @plan";

    /// <summary>The planned symbols' factors as they are when planned, and the mark of this layout, under the plan's id.</summary>
    public const string SnapshotFactors =
        $"""
        INSERT INTO market_data.curated_factors (plan_id, symbol, kind, from_date, to_date, factor)
        SELECT CAST(@plan AS VARCHAR(36)), symbol, kind, from_date, to_date, factor FROM ({CurrentFactors}) f WHERE symbol IN ({RunSymbols})
        UNION ALL
        SELECT CAST(@plan AS VARCHAR(36)), symbol, 'layout', CAST(NULL AS DATE), CAST(NULL AS DATE), 1 FROM ({RunSymbols}) s
        """;

    public const string ForgetFactors = $"DELETE FROM market_data.curated_factors WHERE plan_id IS NULL AND symbol IN ({RunSymbols})";

    /// <summary>Once the files are written: the snapshot becomes the factors they were written with.</summary>
    public const string RecordFactors = "UPDATE market_data.curated_factors SET plan_id = NULL WHERE plan_id = @plan";

    /// <summary>
    /// The columns of the curated files, from the adjusted view with the types UNLOAD writes for them: raw OHLCV as
    /// traded, the split-adjusted OHLCV and the total-return close (see stock_prices_adjusted).
    /// </summary>
    public const string Columns =
        "symbol, price_date, \"open\", high, low, close, volume, provisional, " +
        "CAST(split_factor AS NUMERIC(24,12)) AS split_factor, CAST(open_split_adjusted AS NUMERIC(18,4)) AS open_split_adjusted, " +
        "CAST(high_split_adjusted AS NUMERIC(18,4)) AS high_split_adjusted, CAST(low_split_adjusted AS NUMERIC(18,4)) AS low_split_adjusted, " +
        "CAST(close_split_adjusted AS NUMERIC(18,4)) AS close_split_adjusted, volume_split_adjusted, " +
        "CAST(dividend_factor AS NUMERIC(24,12)) AS dividend_factor, CAST(close_total_return AS NUMERIC(18,4)) AS close_total_return";

    /// <summary>The rows of the run's symbol-years, matched by year as UNLOAD's query matches them.</summary>
    public const string PlannedAdjustedRows =
        "SELECT a.*, y.year FROM market_data.stock_prices_adjusted a " +
        "JOIN market_data.curated_years y ON y.symbol = a.symbol AND y.year = CAST(EXTRACT(YEAR FROM a.price_date) AS INT)";

    /// <summary>The run's symbol-years that have bars, and their rows (Redshift: UNLOAD reports neither).</summary>
    public const string WrittenYears =
        """
        SELECT y.symbol, y.year, count(*)
        FROM market_data.curated_years y
        JOIN market_data.fct_stock_prices f ON f.symbol = y.symbol AND y.year = CAST(EXTRACT(YEAR FROM f.price_date) AS INT)
        WHERE y.plan_id = @plan
        GROUP BY y.symbol, y.year
        """;
}
