namespace MarketAspire.JobHosting.Configuration;

public enum WarehouseDialect
{
    Postgres,
    Redshift,
}
