using Amazon.CDK;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Deploy;

public enum WarehouseKind
{
    Serverless,
    Provisioned,
}

/// <summary>The stack's settings, from CDK context (<c>-c key=value</c>) or the .env keys of the same meaning.</summary>
public sealed partial record DeploymentSettings
{
    /// <summary>The lake's name; null: <c>marketaspire-lake-ACCOUNT-REGION</c> (S3 names are global: a generic one is taken).</summary>
    public string? BucketName { get; init; }
    public string Region { get; init; } = SettingKeys.DefaultRegion;
    public WarehouseKind Warehouse { get; init; } = WarehouseKind.Serverless;
    public string Database { get; init; } = "dev";
    public string User { get; init; } = "awsuser";
    public string Symbols { get; init; } = SettingKeys.DefaultSymbols;
    public int RequestsPerMinute { get; init; } = 5;
    public int RequestsPerDay { get; init; } = 25;
    public int StagedRetentionDays { get; init; } = 14;
    public int LogRetentionDays { get; init; } = 30;
    public string ScheduleTime { get; init; } = "17:30";

    /// <summary>
    /// Availability zones pinned by context (<c>-c availabilityZones=us-east-1a,us-east-1b,us-east-1d</c>): not every
    /// zone supports Redshift Serverless. Empty: the first three of the account's lookup.
    /// </summary>
    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];

    /// <summary>An e-mail address subscribed to the alerts and alarms topics (<c>-c alertEmail=...</c>); null: none (subscribe later).</summary>
    public string? AlertEmail { get; init; }

    /// <summary>
    /// Where every function sends its OpenLineage events (<c>-c openLineageTransport=file</c>: JSON lines under
    /// <c>lineage/</c> in the bucket; <c>http</c> with <c>-c openLineageUrl=...</c>); null leaves them off.
    /// </summary>
    public string? OpenLineageTransport { get; init; }

    public string? OpenLineageUrl { get; init; }

    /// <summary>
    /// A Secrets Manager secret (its complete ARN) holding the OpenLineage endpoint's API key
    /// (<c>-c openLineageApiKeySecretArn=...</c>): every function reads it through the secrets extension; the key itself
    /// never enters the template.
    /// </summary>
    public string? OpenLineageApiKeySecretArn { get; init; }

    /// <summary>
    /// A Secrets Manager secret (its complete ARN) holding a webhook's URL for the sensor's alerts, besides the SNS topic
    /// (<c>-c alertWebhookSecretArn=...</c>): a webhook URL carries its own credential, so it never enters the template.
    /// </summary>
    public string? AlertWebhookSecretArn { get; init; }

    /// <summary>The webhook's body: json (the default) or slack (<c>-c alertWebhookFormat=slack</c>).</summary>
    public string? AlertWebhookFormat { get; init; }

    /// <summary>Where <c>scripts/publish-lambdas.sh</c> put each service's self-contained bootstrap.</summary>
    public string LambdaAssetRoot { get; init; } = Path.Combine("artifacts", "lambda");

    public static DeploymentSettings From(App app)
    {
        string? Get(string context, string env) =>
            app.Node.TryGetContext(context) as string is { Length: > 0 } value ? value : System.Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;

        var problems = new List<string>();
        int Number(string context, string env, int fallback, int min) =>
            SettingsReader.Number($"Context '{context}' ({env})", Get(context, env), fallback, min, problems);

        var defaults = new DeploymentSettings();
        var kind = Get("warehouse", SettingKeys.WarehouseKind) ?? "serverless";
        var settings = new DeploymentSettings
        {
            BucketName = Get("bucketName", SettingKeys.BucketName),
            Region = Get("region", SettingKeys.AwsRegion) ?? defaults.Region,
            Warehouse = Enum.TryParse<WarehouseKind>(kind, ignoreCase: true, out var w)
                ? w
                : throw new ConfigurationException($"Context 'warehouse' must be serverless or provisioned, not '{kind}'."),
            Database = Get("redshiftDb", SettingKeys.RedshiftDb) ?? defaults.Database,
            User = Get("redshiftUser", SettingKeys.RedshiftUser) ?? defaults.User,
            Symbols = Get("symbols", SettingKeys.MarketSymbols) ?? defaults.Symbols,
            RequestsPerMinute = Number("requestsPerMinute", SettingKeys.MarketApiRequestsPerMinute, defaults.RequestsPerMinute, 1),
            RequestsPerDay = Number("requestsPerDay", SettingKeys.MarketApiRequestsPerDay, defaults.RequestsPerDay, 0),
            StagedRetentionDays = Number("stagedRetentionDays", SettingKeys.StagedRetentionDays, defaults.StagedRetentionDays, 1),
            ScheduleTime = Get("schedule", SettingKeys.Schedule) ?? defaults.ScheduleTime,
            LambdaAssetRoot = Get("lambdaAssets", SettingKeys.LambdaAssets) ?? defaults.LambdaAssetRoot,
            AlertEmail = Get("alertEmail", SettingKeys.AlertEmail),
            OpenLineageTransport = Get("openLineageTransport", SettingKeys.OpenLineageTransport),
            OpenLineageUrl = Get("openLineageUrl", SettingKeys.OpenLineageUrl),
            OpenLineageApiKeySecretArn = SecretArn("openLineageApiKeySecretArn", SettingKeys.OpenLineageApiKey + SettingKeys.SecretArnSuffix),
            AlertWebhookSecretArn = SecretArn("alertWebhookSecretArn", SettingKeys.AlertWebhookUrl + SettingKeys.SecretArnSuffix),
            AlertWebhookFormat = Get("alertWebhookFormat", SettingKeys.AlertWebhookFormat),
            AvailabilityZones = List(app.Node.TryGetContext("availabilityZones")) ?? List(System.Environment.GetEnvironmentVariable(SettingKeys.AvailabilityZones)) ?? [],
        };
        if (settings.OpenLineageUrl is { } lineageUrl
            && (!Uri.TryCreate(lineageUrl, UriKind.Absolute, out var lineage) || lineage.Query.Length > 0 || lineage.UserInfo.Length > 0))
        {
            // Never the value: its query or user part may be the credential. The template holds the URL in plain text.
            problems.Add($"Context 'openLineageUrl' ({SettingKeys.OpenLineageUrl}) must be an absolute URL without a query or a user part: the stack writes it into every function's environment; give a token as -c openLineageApiKeySecretArn=.");
        }

        ConfigurationException.ThrowIfAny(problems);
        return settings;

        string? SecretArn(string context, string env)
        {
            var arn = Get(context, env);
            if (arn is not null && !CompleteSecretArn().IsMatch(arn))
            {
                // Never the value: a URL or key given here by mistake is the secret itself.
                problems.Add($"Context '{context}' ({env}) must be a secret's complete ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX, as create-secret prints it).");
            }

            return arn;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+-[A-Za-z0-9]{6}$")]
    private static partial System.Text.RegularExpressions.Regex CompleteSecretArn();

    /// <summary>A context list: "a,b,c" on the command line, or a JSON array in cdk.json.</summary>
    private static List<string>? List(object? value)
    {
        var items = value switch
        {
            string text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            System.Collections.IEnumerable list => list.Cast<object?>().Select(x => x?.ToString()?.Trim() ?? "").Where(x => x.Length > 0),
            _ => [],
        };
        var zones = items.ToList();
        return zones.Count > 0 ? zones : null;
    }
}
