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

    private const string WholeRunSymbols =
        "SELECT symbol FROM market_data.curated_years WHERE plan_id = @plan AND year = 0";

    /// <summary>
    /// The factors of the symbols rewritten whole as they are when planned, and the mark of this layout, under the plan's
    /// id. Every other planned symbol's current factors equal those recorded with its files (else it would be rewritten
    /// whole), so its record stands as it is: a run writes factors for what changed, not for every symbol it touched.
    /// </summary>
    public const string SnapshotFactors =
        $"""
        INSERT INTO market_data.curated_factors (plan_id, symbol, kind, from_date, to_date, factor)
        SELECT CAST(@plan AS VARCHAR(36)), symbol, kind, from_date, to_date, factor FROM ({CurrentFactors}) f WHERE symbol IN ({WholeRunSymbols})
        UNION ALL
        SELECT CAST(@plan AS VARCHAR(36)), symbol, 'layout', CAST(NULL AS DATE), CAST(NULL AS DATE), 1 FROM ({WholeRunSymbols}) s
        """;

    public const string ForgetFactors = $"DELETE FROM market_data.curated_factors WHERE plan_id IS NULL AND symbol IN ({WholeRunSymbols})";

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

    /// <summary>
    /// The factor ranges of each planned symbol-year that overlap its year (a range [from_date, to_date) overlaps year Y
    /// when it starts before Y ends and ends after Y starts; compared by year, a range ending on 1 January is kept too,
    /// and holds none of the year's bars). The rows are read with these, not through the adjusted view, whose join
    /// compares each bar with every range of its symbol.
    /// </summary>
    public const string YearFactors =
        """
        INSERT INTO market_data.curated_year_factors (plan_id, symbol, year, kind, from_date, to_date, factor)
        SELECT CAST(@plan AS VARCHAR(36)), y.symbol, y.year, c.kind, c.from_date, c.to_date, c.factor
        FROM market_data.curated_years y
        JOIN curated_current_factors c ON c.symbol = y.symbol
        WHERE y.plan_id = @plan AND y.year <> 0
          AND CAST(EXTRACT(YEAR FROM c.to_date) AS INT) >= y.year
          AND (c.from_date IS NULL OR CAST(EXTRACT(YEAR FROM c.from_date) AS INT) <= y.year)
        """;

    public const string ClearYearFactors = "DELETE FROM market_data.curated_year_factors WHERE plan_id = @plan";

    /// <summary>
    /// A planned bar (<c>f</c>, its symbol-year <c>y</c>) with the columns of <c>market_data.stock_prices_adjusted</c>,
    /// computed as the view computes them from the planned split (<c>s</c>) and dividend (<c>d</c>) ranges; the view's
    /// definition is the reference (<c>CuratedModelTests</c> compares the files with it).
    /// </summary>
    public const string AdjustedColumns =
        "f.symbol, f.price_date, f.\"open\", f.high, f.low, f.close, f.volume, f.provisional, " +
        "COALESCE(s.factor, 1) AS split_factor, " +
        "ROUND(CAST(f.\"open\" / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS open_split_adjusted, " +
        "ROUND(CAST(f.high / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS high_split_adjusted, " +
        "ROUND(CAST(f.low / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS low_split_adjusted, " +
        "ROUND(CAST(f.close / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS close_split_adjusted, " +
        "CAST(ROUND(CAST(f.volume * COALESCE(s.factor, 1) AS NUMERIC(38,6)), 0) AS BIGINT) AS volume_split_adjusted, " +
        "COALESCE(d.factor, 1) AS dividend_factor, " +
        "ROUND(CAST(f.close / COALESCE(s.factor, 1) * COALESCE(d.factor, 1) AS NUMERIC(38,10)), 4) AS close_total_return, " +
        "y.year";

    /// <summary>The planned ranges that hold a bar's date: at most one split and one dividend range (the ranges of a kind do not overlap).</summary>
    public const string FactorJoins =
        "LEFT JOIN market_data.curated_year_factors s ON s.plan_id = y.plan_id AND s.symbol = y.symbol AND s.year = y.year AND s.kind = 'split' " +
        "AND (s.from_date IS NULL OR f.price_date >= s.from_date) AND f.price_date < s.to_date " +
        "LEFT JOIN market_data.curated_year_factors d ON d.plan_id = y.plan_id AND d.symbol = y.symbol AND d.year = y.year AND d.kind = 'dividend' " +
        "AND (d.from_date IS NULL OR f.price_date >= d.from_date) AND f.price_date < d.to_date";

    /// <summary>The rows of the run's symbol-years, matched by year (UNLOAD's query; its caller adds the plan's condition on <c>y.plan_id</c>).</summary>
    public const string PlannedAdjustedRows =
        $"SELECT {AdjustedColumns} FROM market_data.curated_years y " +
        "JOIN market_data.fct_stock_prices f ON f.symbol = y.symbol AND y.year = CAST(EXTRACT(YEAR FROM f.price_date) AS INT) " +
        FactorJoins;

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
