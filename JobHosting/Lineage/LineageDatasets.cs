using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>A dataset as OpenLineage names it: the namespace of its data source and its name within it.</summary>
public sealed record DatasetName(string Namespace, string Name);

/// <summary>Where the assets' data lives in this runtime: the lake's bucket and region, and the warehouse.</summary>
public sealed record LineageStores(string Bucket, string Region, string WarehouseHost, int WarehousePort, string WarehouseDatabase, WarehouseDialect Dialect)
{
    public static LineageStores Of(LakeSettings lake, WarehouseSettings warehouse) =>
        new(lake.BucketName, lake.Region, warehouse.Host, warehouse.Port, warehouse.Database, warehouse.Dialect);
}

/// <summary>
/// An asset's dataset by OpenLineage's naming rules (https://openlineage.io/docs/spec/naming): S3 <c>s3://{bucket}</c> and
/// the key prefix; PostgreSQL <c>postgres://{host}:{port}</c> and <c>{database}.{schema}.{table}</c>; Redshift
/// <c>redshift://{cluster_identifier}.{region}:{port}</c> and <c>{database}.{schema}.{table}</c>.
/// </summary>
public static class LineageDatasets
{
    /// <param name="jobNamespace">Names an asset with no location: a dataset of the pipeline's own namespace, by key.</param>
    public static DatasetName Of(AssetDefinition asset, LineageStores stores, string jobNamespace) => asset.Location switch
    {
        AssetLocation.LakePrefix lake => new DatasetName($"s3://{stores.Bucket}", lake.Prefix.TrimEnd('/')),
        AssetLocation.WarehouseTable table => new DatasetName(WarehouseNamespace(stores), $"{stores.WarehouseDatabase}.{table.Schema}.{table.Table}"),
        _ => new DatasetName(jobNamespace, asset.Key.Name),
    };

    private static string WarehouseNamespace(LineageStores stores) => stores.Dialect == WarehouseDialect.Redshift
        ? $"redshift://{RedshiftIdentifier(stores.WarehouseHost, stores.Region)}:{stores.WarehousePort}"
        : $"postgres://{stores.WarehouseHost}:{stores.WarehousePort}";

    /// <summary>
    /// <c>{cluster_identifier}.{region}</c> from an endpoint such as <c>NAME.ID.REGION.redshift.amazonaws.com</c> or
    /// <c>NAME.ACCOUNT.REGION.redshift-serverless.amazonaws.com</c>, as Airflow's Redshift integration reads it; any other host
    /// (an IP address, a proxy) is the identifier itself, with the configured region.
    /// </summary>
    private static string RedshiftIdentifier(string host, string region)
    {
        var parts = host.Split('.');
        return host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && parts.Length == 6
            ? $"{parts[0]}.{parts[2]}"
            : $"{host}.{region}";
    }
}
