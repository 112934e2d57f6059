using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Sql;

namespace MarketAspire.Tests.Warehousing;

/// <summary>Golden text of the Redshift statements that cannot run here.</summary>
public class RedshiftStatementTests
{
    [Fact]
    public void Copy_from_manifest_is_exactly_the_documented_statement()
    {
        var sql = RedshiftStatements.CopyFromManifest(
            "market-data-lake", "staged/stock_prices/2026-11-25/run-1/manifest.json", "arn:aws:iam::123456789012:role/market-copy", "us-east-1");

        Assert.Equal(
            """
            COPY market_data.stg_stock_prices (partition_date, symbol, price_date, "open", high, low, close, volume, source_key, source_version, run_id, provisional)
            FROM 's3://market-data-lake/staged/stock_prices/2026-11-25/run-1/manifest.json'
            IAM_ROLE 'arn:aws:iam::123456789012:role/market-copy'
            REGION 'us-east-1'
            FORMAT AS CSV
            GZIP
            MANIFEST
            DATEFORMAT 'YYYY-MM-DD'
            COMPUPDATE OFF
            STATUPDATE ON
            """,
            sql);
    }

    [Fact]
    public void Unload_of_the_curated_series_is_exactly_the_documented_statement()
    {
        var sql = RedshiftStatements.UnloadCurated("market-data-lake", "0f8fad5b-d9cb-469f-a165-70867728950e", "arn:aws:iam::123456789012:role/market-copy", "us-east-1");

        Assert.Equal(
            """
            UNLOAD ('SELECT symbol, price_date, "open", high, low, close, volume, provisional, CAST(split_factor AS NUMERIC(24,12)) AS split_factor, CAST(open_split_adjusted AS NUMERIC(18,4)) AS open_split_adjusted, CAST(high_split_adjusted AS NUMERIC(18,4)) AS high_split_adjusted, CAST(low_split_adjusted AS NUMERIC(18,4)) AS low_split_adjusted, CAST(close_split_adjusted AS NUMERIC(18,4)) AS close_split_adjusted, volume_split_adjusted, CAST(dividend_factor AS NUMERIC(24,12)) AS dividend_factor, CAST(close_total_return AS NUMERIC(18,4)) AS close_total_return, year FROM (SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.provisional, COALESCE(s.factor, 1) AS split_factor, ROUND(CAST(f."open" / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS open_split_adjusted, ROUND(CAST(f.high / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS high_split_adjusted, ROUND(CAST(f.low / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS low_split_adjusted, ROUND(CAST(f.close / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS close_split_adjusted, CAST(ROUND(CAST(f.volume * COALESCE(s.factor, 1) AS NUMERIC(38,6)), 0) AS BIGINT) AS volume_split_adjusted, COALESCE(d.factor, 1) AS dividend_factor, ROUND(CAST(f.close / COALESCE(s.factor, 1) * COALESCE(d.factor, 1) AS NUMERIC(38,10)), 4) AS close_total_return, y.year FROM market_data.curated_years y JOIN market_data.fct_stock_prices f ON f.symbol = y.symbol AND y.year = CAST(EXTRACT(YEAR FROM f.price_date) AS INT) LEFT JOIN market_data.curated_year_factors s ON s.plan_id = y.plan_id AND s.symbol = y.symbol AND s.year = y.year AND s.kind = ''split'' AND (s.from_date IS NULL OR f.price_date >= s.from_date) AND f.price_date < s.to_date LEFT JOIN market_data.curated_year_factors d ON d.plan_id = y.plan_id AND d.symbol = y.symbol AND d.year = y.year AND d.kind = ''dividend'' AND (d.from_date IS NULL OR f.price_date >= d.from_date) AND f.price_date < d.to_date WHERE y.plan_id = ''0f8fad5b-d9cb-469f-a165-70867728950e'') planned ORDER BY symbol, price_date')
            TO 's3://market-data-lake/curated/stock_prices/'
            IAM_ROLE 'arn:aws:iam::123456789012:role/market-copy'
            REGION 'us-east-1'
            FORMAT AS PARQUET
            PARTITION BY (symbol, year)
            CLEANPATH
            """,
            sql);
        Assert.Throws<ArgumentException>(() => RedshiftStatements.UnloadCurated("market-data-lake", "x' OR ''='", "arn:aws:iam::123456789012:role/r", "us-east-1"));
        Assert.Throws<ArgumentException>(() => RedshiftStatements.UnloadCurated("Bad'Bucket", "0f8fad5b-d9cb-469f-a165-70867728950e", "arn:aws:iam::123456789012:role/r", "us-east-1"));
    }

    [Fact]
    public void Literals_are_quoted_and_malformed_identifiers_are_refused()
    {
        var sql = RedshiftStatements.CopyFromManifest("lake", "staged/it's/manifest.json", "arn:aws:iam::123456789012:role/r", "eu-west-1");
        Assert.Contains("FROM 's3://lake/staged/it''s/manifest.json'", sql);

        Assert.Throws<ArgumentException>(() => RedshiftStatements.CopyFromManifest("Bad'Bucket", "k", "arn:aws:iam::123456789012:role/r", "us-east-1"));
        var role = Assert.Throws<ArgumentException>(() => RedshiftStatements.CopyFromManifest("lake", "k", "arn:aws:iam::1:role/r' --", "us-east-1"));
        Assert.Contains("REDSHIFT_IAM_ROLE_ARN", role.Message);
        Assert.Throws<ArgumentException>(() => RedshiftStatements.CopyFromManifest("lake", "k", "arn:aws:iam::123456789012:role/r", "us-east-1'; DROP"));
    }

    [Fact]
    public void Locks_and_load_errors_are_the_Redshift_forms()
    {
        Assert.Equal("LOCK market_data.stg_stock_prices", RedshiftStatements.Lock(WarehouseSql.StagingTable));
        Assert.Equal("LOCK market_data.fct_stock_prices", RedshiftStatements.Lock(WarehouseSql.FactTable));
        Assert.Throws<ArgumentException>(() => RedshiftStatements.Lock("pg_catalog.pg_class"));
        Assert.Contains("FROM stl_load_errors", RedshiftStatements.LastLoadErrors);
        Assert.Contains("WHERE query = pg_last_copy_id()", RedshiftStatements.LastLoadErrors);
    }

    [Fact]
    public void The_shared_delete_insert_uses_syntax_both_engines_accept()
    {
        // Redshift has no ON CONFLICT and TRUNCATE commits: the shared statements use neither.
        foreach (var sql in new[] { WarehouseSql.FindChangedKeys, WarehouseSql.DeleteChangedRows, WarehouseSql.InsertFact, WarehouseSql.DeleteStagingPartition })
        {
            Assert.DoesNotContain("ON CONFLICT", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("TRUNCATE", sql, StringComparison.OrdinalIgnoreCase);
        }

        // Redshift's DELETE takes no alias for its target table.
        Assert.Contains("DELETE FROM market_data.fct_stock_prices\nUSING fct_changed_keys k", WarehouseSql.DeleteChangedRows);
    }
}
