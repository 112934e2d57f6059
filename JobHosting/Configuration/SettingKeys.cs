namespace MarketAspire.JobHosting.Configuration;

/// <summary>The configuration contract (ARCHITECTURE.md): flat keys, from <c>.env</c> or the environment.</summary>
public static class SettingKeys
{
    public const string MarketApiKey = "MARKET_API_KEY";
    public const string MarketApiBaseUrl = "MARKET_API_BASE_URL";
    public const string MarketSymbols = "MARKET_SYMBOLS";

    /// <summary>
    /// true only against the simulator started with time travel: it may then be asked for past landing dates. Alpha
    /// Vantage has no "as of": it answers every request with today's series.
    /// </summary>
    public const string MarketApiTimeTravel = "MARKET_API_TIME_TRAVEL";
    public const string BucketName = "S3_BUCKET_NAME";
    public const string RedshiftHost = "REDSHIFT_HOST";
    public const string RedshiftPort = "REDSHIFT_PORT";
    public const string RedshiftDb = "REDSHIFT_DB";
    public const string RedshiftUser = "REDSHIFT_USER";
    public const string RedshiftPassword = "REDSHIFT_PASSWORD";
    public const string RedshiftIamRoleArn = "REDSHIFT_IAM_ROLE_ARN";
    public const string RedshiftServerless = "REDSHIFT_SERVERLESS";
    public const string WarehouseDialect = "WAREHOUSE_DIALECT";
    public const string WarehouseStatementTimeout = "WAREHOUSE_STATEMENT_TIMEOUT_SECONDS";
    public const string AwsRegion = "AWS_REGION";
    public const string S3Endpoint = "AWS_ENDPOINT_URL_S3";

    /// <summary>The longest one S3 request (or the reading of one object's body) may go unanswered before it is retried.</summary>
    public const string S3RequestTimeout = "S3_REQUEST_TIMEOUT_SECONDS";

    /// <summary>Attempts per S3 request (the SDK's retries of 5xx, throttling and connection errors, and a body that breaks off).</summary>
    public const string S3MaxAttempts = "S3_MAX_ATTEMPTS";
    public const string Partition = "partition";
    public const string RunId = "MARKET_RUN_ID";

    /// <summary>The Orchestrator project the catalog's buttons run, and the dashboard its trace links point at.</summary>
    public const string OrchestratorProject = "MARKET_ORCHESTRATOR_PROJECT";
    public const string DashboardUrl = "MARKET_DASHBOARD_URL";

    /// <summary>The catalog's access token (the AppHost makes one per launch), extra host names it answers to, and its developer error page switch.</summary>
    public const string CatalogToken = "MARKET_CATALOG_TOKEN";
    public const string CatalogAllowedHosts = "MARKET_CATALOG_ALLOWED_HOSTS";
    public const string CatalogDeveloperErrors = "MARKET_CATALOG_DEVELOPER_ERRORS";

    public const string DefaultBucket = "market-data-lake";
    public const string DefaultRegion = "us-east-1";
    public const string DefaultSymbols = "AAPL,MSFT,GOOGL,AMZN,NVDA,META,JPM,IBM";
    public const int DefaultWarehousePort = 5439;
    public const int DefaultS3Port = 4566;
    public const string LocalWarehouseUser = "awsuser";
    public const string LocalWarehouseDb = "dev";
    public const string LocalWarehousePassword = "marketaspire-local";
}
