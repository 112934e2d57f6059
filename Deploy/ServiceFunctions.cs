using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Deploy;

/// <summary>
/// One Lambda function per service of the asset graph, built from the same code the local jobs run. .NET 10 is not a
/// managed Lambda runtime in the CDK version served here, so each service is published self-contained as the
/// <c>bootstrap</c> of the <c>provided.al2023</c> custom runtime; the service's own Program serves the Lambda Runtime API.
/// Secrets are read at run time through the AWS Parameters and Secrets Lambda extension; each role gets only what its
/// service uses.
/// </summary>
public sealed class ServiceFunctions : Construct
{
    public ServiceFunctions(Construct scope, string id, AssetGraphDefinition graph, DeploymentSettings settings, DataLake lake, WarehouseCluster warehouse, Vpc vpc)
        : base(scope, id)
    {
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps { Vpc = vpc, Description = "MarketAspire functions", AllowAllOutbound = true });
        warehouse.SecurityGroup.AddIngressRule(SecurityGroup, Amazon.CDK.AWS.EC2.Port.Tcp(WarehouseCluster.Port), "functions to Redshift");
        // Not a random value: the first run would call Alpha Vantage with it. The functions fail fast on this one,
        // saying how to set the key.
        ApiKey = new Secret(this, "MarketApiKey", new SecretProps
        {
            Description = "Alpha Vantage API key for MarketAspire. Set it with: aws secretsmanager put-secret-value --secret-id <arn> --secret-string <key>",
            SecretStringValue = SecretValue.UnsafePlainText(SecretsExtension.NotSet),
        });

        // Functions that need less than the schema's owner log in as their own user (created by the migrate command with
        // exactly the grants ServiceDatabaseUsers lists); the warehouse function owns the schema.
        foreach (var service in ServiceDatabaseUsers.Of(graph))
        {
            UserPasswords[service.Name] = UserPassword(this, $"{service.Project}DatabasePassword", service.DatabaseUser!);
        }

        var lineageKey = settings.OpenLineageApiKeySecretArn is { } lineageArn ? Secret.FromSecretCompleteArn(this, "OpenLineageApiKey", lineageArn) : null;
        foreach (var service in graph.ServicesInOrder)
        {
            var password = UserPasswords.GetValueOrDefault(service.Name) ?? warehouse.Password;
            var logs = new LogGroup(this, $"{service.Project}Logs", new LogGroupProps
            {
                LogGroupName = $"/marketaspire/{service.Name}",
                Retention = (RetentionDays)Enum.Parse(typeof(RetentionDays), RetentionName(settings.LogRetentionDays)),
                RemovalPolicy = RemovalPolicy.DESTROY,
            });
            var environment = WarehouseEnvironment(settings, warehouse, service.DatabaseUser ?? settings.User, password);
            environment[SettingKeys.BucketName] = lake.Bucket.BucketName;
            environment[SettingKeys.MarketSymbols] = settings.Symbols;
            foreach (var (key, value) in new[] { (SettingKeys.OpenLineageTransport, settings.OpenLineageTransport), (SettingKeys.OpenLineageUrl, settings.OpenLineageUrl) })
            {
                if (value is not null)
                {
                    environment[key] = value;
                }
            }

            if (lineageKey is not null)
            {
                environment[SettingKeys.OpenLineageApiKey + SettingKeys.SecretArnSuffix] = lineageKey.SecretArn;
            }

            if (service.CallsMarketApi)
            {
                environment[SettingKeys.MarketApiKey + SettingKeys.SecretArnSuffix] = ApiKey.SecretArn;
                environment[SettingKeys.MarketApiRequestsPerMinute] = settings.RequestsPerMinute.ToString();
                environment[SettingKeys.MarketApiRequestsPerDay] = settings.RequestsPerDay.ToString();
            }

            var function = new Function(this, service.Project, new FunctionProps
            {
                Description = $"MarketAspire {service.Name}: {string.Join(", ", graph.AssetsOf(service.Name).Select(a => a.Key.Name).DefaultIfEmpty(service.Name + " checks"))}",
                Runtime = Runtime.PROVIDED_AL2023,
                Architecture = Architecture.X86_64,
                Handler = "bootstrap",
                Code = Code.FromAsset(Bundle(settings, service.Project)),
                MemorySize = service.Size.MemoryMb,
                Timeout = Duration.Minutes(service.Size.TimeoutMinutes),
                Vpc = vpc,
                VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
                SecurityGroups = [SecurityGroup],
                LogGroup = logs,
                Environment = environment,
                // Uncached: secrets are read at every invocation, so a corrected key is used by the next one.
                ParamsAndSecrets = ParamsAndSecretsLayerVersion.FromVersion(ParamsAndSecretsVersions.V1_0_103, new ParamsAndSecretsOptions { CacheEnabled = false }),
            });
            password.GrantRead(function);
            lineageKey?.GrantRead(function);
            Grant(service, function, lake);
            Functions[service.Name] = function;
        }

        // The owner creates the other users: it reads their passwords (MARKET_DB_PASSWORD_{SERVICE}_SECRET_ARN).
        var owner = Functions[graph.ServicesInOrder.First(s => s.OwnsWarehouse).Name];
        foreach (var (service, secret) in UserPasswords)
        {
            owner.AddEnvironment(ServiceDatabaseUsers.PasswordKeyOf(service) + SettingKeys.SecretArnSuffix, secret.SecretArn);
            secret.GrantRead(owner);
        }

        foreach (var service in graph.ServicesInOrder.Where(s => s.CallsMarketApi))
        {
            Functions[service.Name].Role!.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["secretsmanager:GetSecretValue"],
                Resources = [ApiKey.SecretArn],
            }));
        }
    }

    public Dictionary<string, Function> Functions { get; } = [];

    /// <summary>The generated database passwords of the services with their own users.</summary>
    public Dictionary<string, Secret> UserPasswords { get; } = [];

    public Secret ApiKey { get; }

    public SecurityGroup SecurityGroup { get; }

    /// <summary>Exact actions on exact prefixes, as the service's definition lists them (the extractor writes raw/, the warehouse reads raw/ and writes staged/).</summary>
    private static void Grant(ServiceDefinition service, Function function, DataLake lake)
    {
        void Allow(string[] actions, IEnumerable<string> prefixes) =>
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = actions, Resources = prefixes.Select(lake.ObjectsArn).ToArray() }));

        if (service.WritesLake.Count > 0)
        {
            Allow(["s3:PutObject", "s3:GetObject"], service.WritesLake);
        }

        if (service.ReadsLake.Count > 0)
        {
            Allow(["s3:GetObject"], service.ReadsLake);
        }

        if (service.DeletesLake.Count > 0)
        {
            Allow(["s3:DeleteObject"], service.DeletesLake);
        }

        var listed = service.ReadsLake.Concat(service.WritesLake).Distinct().ToList();
        if (listed.Count > 0)
        {
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["s3:ListBucket"],
                Resources = [lake.Bucket.BucketArn],
                Conditions = new Dictionary<string, object> { ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = listed.Select(p => p + "*").ToArray() } },
            }));
        }
    }

    /// <summary>A generated warehouse password for a user the migrate command creates.</summary>
    internal static Secret UserPassword(Construct scope, string id, string user) => new(scope, id, new SecretProps
    {
        Description = $"MarketAspire warehouse password of {user}",
        GenerateSecretString = new SecretStringGenerator
        {
            SecretStringTemplate = $"{{\"username\":\"{user}\"}}",
            GenerateStringKey = "password",
            ExcludePunctuation = true,
            RequireEachIncludedType = true, // Redshift wants upper case, lower case and a digit
            PasswordLength = 32,
        },
    });

    /// <summary>What every function needs to reach the warehouse as <paramref name="user"/> (its password read through the secrets extension) on AWS.</summary>
    internal static Dictionary<string, string> WarehouseEnvironment(DeploymentSettings settings, WarehouseCluster warehouse, string user, Secret password) => new()
    {
        [SettingKeys.RedshiftHost] = warehouse.Host,
        [SettingKeys.RedshiftPort] = WarehouseCluster.Port.ToString(),
        [SettingKeys.RedshiftDb] = settings.Database,
        [SettingKeys.RedshiftUser] = user,
        [SettingKeys.WarehouseDialect] = "redshift",
        [SettingKeys.RedshiftIamRoleArn] = warehouse.CopyRole.RoleArn,
        [SettingKeys.RedshiftServerless] = (settings.Warehouse == WarehouseKind.Serverless).ToString().ToLowerInvariant(),
        [SettingKeys.RedshiftPassword + SettingKeys.SecretArnSuffix] = password.SecretArn,
        [SettingKeys.EnvFile] = "none",
        [SettingKeys.Deployment] = Deployment.Aws,
    };

    /// <summary>The service's published bootstrap folder; a one-line error says what to run when it is missing.</summary>
    internal static string Bundle(DeploymentSettings settings, string project)
    {
        var folder = Path.GetFullPath(Path.Combine(settings.LambdaAssetRoot, project));
        return File.Exists(Path.Combine(folder, "bootstrap"))
            ? folder
            : throw new ConfigurationException(
                $"No Lambda bundle at {folder}: run scripts/publish-lambdas.sh first (it publishes each service as the bootstrap of a custom runtime), or point -c lambdaAssets=... at one.");
    }

    internal static string RetentionName(int days) => days switch
    {
        <= 7 => "ONE_WEEK",
        <= 14 => "TWO_WEEKS",
        <= 30 => "ONE_MONTH",
        <= 90 => "THREE_MONTHS",
        _ => "ONE_YEAR",
    };
}
