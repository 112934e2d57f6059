namespace MarketAspire.AssetGraph.Graph;

/// <summary>
/// Where an asset's data lives: a prefix of the lake or a table of the warehouse. Lineage names its dataset from it
/// (OpenLineage's naming rules for S3, PostgreSQL and Redshift); the runtime supplies the bucket and the warehouse.
/// </summary>
public abstract record AssetLocation
{
    private AssetLocation()
    {
    }

    public static AssetLocation InLake(string prefix) => new LakePrefix(prefix);

    public static AssetLocation InWarehouse(string schema, string table) => new WarehouseTable(schema, table);

    /// <param name="Prefix">A key prefix of the lake ending in <c>/</c>, e.g. <c>raw/stock_data/</c>.</param>
    public sealed record LakePrefix(string Prefix) : AssetLocation;

    public sealed record WarehouseTable(string Schema, string Table) : AssetLocation;
}
