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

    /// <summary>The SNS endpoint (the SDKs' own key); unset: <c>https://sns.REGION.amazonaws.com/</c> of the topic's region.</summary>
    public const string SnsEndpoint = "AWS_ENDPOINT_URL_SNS";

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

    /// <summary>The AppHost's file of the secrets the catalog's runs need (the catalog holds its path, never its contents).</summary>
    public const string CatalogRunSettings = "MARKET_CATALOG_RUN_SETTINGS";

    // The market API's request pacing and retries, and the corporate actions' refresh (the extractor).
    public const string MarketApiRequestsPerMinute = "MARKET_API_REQUESTS_PER_MINUTE";
    public const string MarketApiRequestsPerDay = "MARKET_API_REQUESTS_PER_DAY";
    public const string MarketApiConcurrency = "MARKET_API_CONCURRENCY";
    public const string MarketApiOutputSize = "MARKET_API_OUTPUT_SIZE";
    public const string MarketApiAttemptTimeout = "MARKET_API_ATTEMPT_TIMEOUT_SECONDS";
    public const string MarketApiTotalTimeout = "MARKET_API_TOTAL_TIMEOUT_SECONDS";
    public const string MarketApiQuotaRetry = "MARKET_API_QUOTA_RETRY_SECONDS";
    public const string MarketApiRetryBase = "MARKET_API_RETRY_BASE_MS";
    public const string CorporateActionsRefreshDays = "MARKET_CORPORATE_ACTIONS_REFRESH_DAYS";

    // The warehouse's staging (the warehouse service).
    public const string WarehouseRowsPerFile = "WAREHOUSE_ROWS_PER_FILE";
    public const string WarehouseStagingWorkers = "WAREHOUSE_STAGING_WORKERS";
    public const string WarehouseStagingRetentionDays = "WAREHOUSE_STAGING_RETENTION_DAYS";

    // The checks' thresholds (the quality service).
    public const string QualityPriceJumpPercent = "QUALITY_PRICE_JUMP_PERCENT";
    public const string QualityPublishTime = "QUALITY_PUBLISH_TIME";
    public const string QualityRestatementTolerancePercent = "QUALITY_RESTATEMENT_TOLERANCE_PERCENT";
    public const string QualityRestatementMinAgeDays = "QUALITY_RESTATEMENT_MIN_AGE_DAYS";

    // Every job: how often a running job says it is alive.
    public const string RunHeartbeatSeconds = "MARKET_RUN_HEARTBEAT_SECONDS";

    // Every job's OpenLineage events: off (the default), http (Marquez's POST /api/v1/lineage) or file (JSON lines in the lake).
    public const string OpenLineageTransport = "MARKET_OPENLINEAGE_TRANSPORT";

    /// <summary>The endpoint the http transport posts each event to, e.g. <c>http://localhost:5000/api/v1/lineage</c>.</summary>
    public const string OpenLineageUrl = "MARKET_OPENLINEAGE_URL";

    /// <summary>Sent as <c>Authorization: Bearer ...</c> by the http transport; never logged.</summary>
    public const string OpenLineageApiKey = "MARKET_OPENLINEAGE_API_KEY";

    /// <summary>The longest one event's delivery may take before it is given up (logged and counted, the run goes on).</summary>
    public const string OpenLineageTimeout = "MARKET_OPENLINEAGE_TIMEOUT_SECONDS";

    /// <summary>The namespace of the pipeline's jobs in the events (default <c>marketaspire</c>).</summary>
    public const string OpenLineageNamespace = "MARKET_OPENLINEAGE_NAMESPACE";

    // Where the settings come from, and which runtime reads them.

    /// <summary>A <c>.env</c> file to read instead of the nearest one, or <c>none</c> to read no file (tests and deployed functions do).</summary>
    public const string EnvFile = "MARKET_ENV_FILE";

    /// <summary><c>aws</c> on the stack's functions: the AWS code paths, even when S3 is an emulator.</summary>
    public const string Deployment = "MARKET_DEPLOYMENT";

    /// <summary><c>KEY_SECRET_ARN</c> names the Secrets Manager secret that fills <c>KEY</c> on Lambda.</summary>
    public const string SecretArnSuffix = "_SECRET_ARN";

    /// <summary>A service user's warehouse password: <c>MARKET_DB_PASSWORD_{SERVICE}</c>.</summary>
    public const string DatabasePasswordPrefix = "MARKET_DB_PASSWORD_";

    /// <summary>When the daily partition runs (HH:mm in New York, or <c>off</c>): the AppHost's schedule and the deployment's rule.</summary>
    public const string Schedule = "MARKET_SCHEDULE";

    // The AppHost's local stack.
    public const string LocalInfra = "MARKET_LOCAL_INFRA";
    public const string LocalS3Port = "MARKET_LOCAL_S3_PORT";
    public const string LocalApiPort = "MARKET_LOCAL_API_PORT";
    public const string LocalCatalogPort = "MARKET_LOCAL_CATALOG_PORT";
    public const string LocalStateDir = "MARKET_LOCAL_STATE_DIR";

    /// <summary>The partition the AppHost's jobs run (default: the latest published trading day).</summary>
    public const string StackPartition = "MARKET_PARTITION";
    public const string SimulatorFaults = "MARKET_SIMULATOR_FAULTS";

    /// <summary>
    /// The freshness sensor and its alerts: how often it evaluates (locally; on AWS its schedule), how many trading
    /// days back it looks, the webhook (its URL may hold a secret, e.g. Slack's) and its body format (json or slack), the
    /// SNS topic (the stack's), the attempts per delivery and the pause between them, and how many alert changes of one
    /// evaluation make a storm that is sent as one message.
    /// </summary>
    public const string SensorIntervalSeconds = "SENSOR_INTERVAL_SECONDS";
    public const string SensorLookbackDays = "SENSOR_LOOKBACK_TRADING_DAYS";
    public const string AlertWebhookUrl = "ALERT_WEBHOOK_URL";
    public const string AlertWebhookFormat = "ALERT_WEBHOOK_FORMAT";
    public const string AlertSnsTopicArn = "ALERT_SNS_TOPIC_ARN";
    public const string AlertMaxAttempts = "ALERT_MAX_ATTEMPTS";
    public const string AlertRetryDelayMs = "ALERT_RETRY_DELAY_MS";
    public const string AlertStormThreshold = "ALERT_STORM_THRESHOLD";

    /// <summary>The deployment's e-mail address subscribed to the alerts and alarms topics (CDK context <c>alertEmail</c>).</summary>
    public const string AlertEmail = "ALERT_EMAIL";

    /// <summary>The first partition of the dashboard's backfill resource.</summary>
    public const string BackfillFrom = "MARKET_BACKFILL_FROM";

    // The deployment (CDK context keys have the same meaning and win).
    public const string WarehouseKind = "MARKET_WAREHOUSE_KIND";
    public const string StagedRetentionDays = "MARKET_STAGED_RETENTION_DAYS";
    public const string LambdaAssets = "MARKET_LAMBDA_ASSETS";
    public const string AvailabilityZones = "MARKET_AVAILABILITY_ZONES";

    public const string DefaultBucket = "market-data-lake";
    public const string DefaultRegion = "us-east-1";
    public const string DefaultSymbols = "AAPL,MSFT,GOOGL,AMZN,NVDA,META,JPM,IBM";
    public const int DefaultWarehousePort = 5439;
    public const int DefaultS3Port = 4566;
    public const string LocalWarehouseUser = "awsuser";
    public const string LocalWarehouseDb = "dev";
    public const string LocalWarehousePassword = "marketaspire-local";
}
