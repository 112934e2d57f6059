namespace MarketAspire.AssetGraph.Configuration;

public enum WarehouseDialect
{
    Postgres,
    Redshift,
}
