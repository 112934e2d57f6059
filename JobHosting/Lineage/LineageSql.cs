namespace MarketAspire.JobHosting.Lineage;

/// <summary>The statement lineage sends (the same on Redshift and PostgreSQL).</summary>
public static class LineageSql
{
    /// <summary>The columns of a schema's tables, for the schema facets (a user sees the columns it is granted).</summary>
    public const string Columns = """
        SELECT table_name, column_name, data_type, ordinal_position
        FROM information_schema.columns
        WHERE table_schema = @schema
        ORDER BY table_name, ordinal_position
        """;
}
