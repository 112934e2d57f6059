using System.Text.RegularExpressions;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.Curated;
using MarketAspire.Warehouse.Sql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// The Redshift statements that cannot run here, as exact text (golden-tested). Literals are quoted by doubling
/// single quotes, and bucket, key and role are validated against their AWS grammar first.
/// </summary>
public static partial class RedshiftStatements
{
    public const string LastLoadErrors =
        """
        SELECT filename, line_number, colname, err_reason
        FROM stl_load_errors
        WHERE query = pg_last_copy_id()
        ORDER BY line_number
        LIMIT 20
        """;

    /// <summary>Redshift Serverless does not populate STL tables; its load errors are in SYS_LOAD_ERROR_DETAIL.</summary>
    public const string LastLoadErrorsServerless =
        """
        SELECT file_name, line_number, column_name, error_message
        FROM sys_load_error_detail
        WHERE query_id = pg_last_copy_id()
        ORDER BY line_number
        LIMIT 20
        """;

    public static string Lock(string table) => table switch
    {
        WarehouseSql.StagingTable or WarehouseSql.FactTable or CorporateActions.CorporateActionsSql.SplitsTable or CorporateActions.CorporateActionsSql.DividendsTable
            or CuratedSql.FactorsTable => $"LOCK {table}",
        _ => throw new ArgumentException($"Unknown table '{table}'.", nameof(table)),
    };

    public static string CopyFromManifest(string bucket, string manifestKey, string iamRoleArn, string region)
    {
        Validate(bucket, iamRoleArn, region);
        return $"""
            COPY {WarehouseSql.StagingTable} ({WarehouseSql.StagingColumns})
            FROM {Literal($"s3://{bucket}/{manifestKey}")}
            IAM_ROLE {Literal(iamRoleArn)}
            REGION {Literal(region)}
            FORMAT AS CSV
            GZIP
            MANIFEST
            DATEFORMAT 'YYYY-MM-DD'
            COMPUPDATE OFF
            STATUPDATE ON
            """;
    }

    /// <summary>
    /// The curated Parquet of the run's symbol-years (<c>market_data.curated_years</c>): one folder per symbol and year
    /// (<c>symbol=IBM/year=2024/</c>; the columns leave the files, as Hive-style readers expect), and CLEANPATH replaces
    /// only the folders this UNLOAD writes. UNLOAD takes no bind parameters: its query is a quoted literal, and the
    /// plan's id (a GUID, checked) the only value in it.
    /// </summary>
    public static string UnloadCurated(string bucket, string planId, string iamRoleArn, string region)
    {
        Validate(bucket, iamRoleArn, region);
        if (!Guid.TryParseExact(planId, "D", out _))
        {
            throw new ArgumentException($"'{planId}' is not a curated plan id.", nameof(planId));
        }

        var query =
            $"SELECT {CuratedSql.Columns}, year FROM ({CuratedSql.PlannedAdjustedRows} WHERE y.plan_id = '{planId}') planned " +
            "ORDER BY symbol, price_date";
        return $"""
            UNLOAD ({Literal(query)})
            TO {Literal($"s3://{bucket}/{LakeKeys.CuratedPrefix}")}
            IAM_ROLE {Literal(iamRoleArn)}
            REGION {Literal(region)}
            FORMAT AS PARQUET
            PARTITION BY (symbol, year)
            CLEANPATH
            """;
    }

    private static void Validate(string bucket, string iamRoleArn, string region)
    {
        if (!BucketPattern().IsMatch(bucket))
        {
            throw new ArgumentException($"'{bucket}' is not an S3 bucket name.", nameof(bucket));
        }

        if (!RolePattern().IsMatch(iamRoleArn))
        {
            throw new ArgumentException($"{SettingKeys.RedshiftIamRoleArn} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).", nameof(iamRoleArn));
        }

        if (!RegionPattern().IsMatch(region))
        {
            throw new ArgumentException($"'{region}' is not an AWS region.", nameof(region));
        }
    }

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")]
    private static partial Regex RolePattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-\\d$")]
    private static partial Regex RegionPattern();
}
