using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>
/// <c>MARKET_LOCAL_INFRA=aws</c>: no local warehouse or S3 at all. The jobs, the Orchestrator and the catalog run on
/// this machine against the endpoints the configuration names (a Redshift cluster or workgroup, a bucket, a COPY role),
/// on their AWS code paths (<c>MARKET_DEPLOYMENT=aws</c>: every key required, the Redshift dialect unless
/// <c>WAREHOUSE_DIALECT</c> says otherwise, S3 through the SDK's default credential chain). Validated before the model
/// is built: one line per missing or malformed key, as the jobs themselves would report it.
/// </summary>
internal sealed class AwsInfrastructure : IStackInfrastructure
{
    /// <summary>The SDK's credential and profile variables, passed on when .env (not only the shell) sets them.</summary>
    private static readonly string[] CredentialKeys = ["AWS_PROFILE", "AWS_ACCESS_KEY_ID"];
    private static readonly string[] SecretCredentialKeys = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    private readonly Dictionary<string, string> _plain;
    private readonly Dictionary<string, IResourceBuilder<ParameterResource>> _secrets;

    private AwsInfrastructure(Dictionary<string, string> plain, Dictionary<string, IResourceBuilder<ParameterResource>> secrets)
    {
        _plain = plain;
        _secrets = secrets;
    }

    public IReadOnlyDictionary<string, string> Environment => _plain;

    public static AwsInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(builder.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingKeys.Deployment] = Deployment.Aws })
            .Build();
        var (warehouse, lake) = Validate(configuration);

        var plain = new Dictionary<string, string>
        {
            [SettingKeys.Deployment] = Deployment.Aws,
            [SettingKeys.RedshiftHost] = warehouse.Host,
            [SettingKeys.RedshiftPort] = warehouse.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SettingKeys.RedshiftDb] = warehouse.Database,
            [SettingKeys.RedshiftUser] = warehouse.User,
            [SettingKeys.WarehouseDialect] = warehouse.Dialect.ToString().ToLowerInvariant(),
            [SettingKeys.RedshiftServerless] = warehouse.Serverless.ToString().ToLowerInvariant(),
            [SettingKeys.BucketName] = lake.BucketName,
            [SettingKeys.AwsRegion] = lake.Region,
            // The AppHost already read .env and passes every key; the job must not read it again.
            [SettingKeys.EnvFile] = "none",
        };
        if (warehouse.IamRoleArn is { } role)
        {
            plain[SettingKeys.RedshiftIamRoleArn] = role;
        }

        if (lake.Endpoint is { } endpoint)
        {
            plain[SettingKeys.S3Endpoint] = endpoint.ToString(); // an S3-compatible stand-in; still the AWS code paths
        }

        foreach (var key in CredentialKeys.Where(k => !string.IsNullOrWhiteSpace(configuration[k])))
        {
            plain[key] = configuration[key]!.Trim();
        }

        var secrets = new Dictionary<string, IResourceBuilder<ParameterResource>>
        {
            [SettingKeys.RedshiftPassword] = builder.AddParameter("warehouse-password", warehouse.Password, secret: true),
        };
        foreach (var key in SecretCredentialKeys.Where(k => !string.IsNullOrWhiteSpace(configuration[k])))
        {
            secrets[key] = builder.AddParameter(key.ToLowerInvariant().Replace('_', '-'), configuration[key]!.Trim(), secret: true);
        }

        return new AwsInfrastructure(plain, secrets);
    }

    public IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> job)
    {
        foreach (var (key, value) in _plain)
        {
            job.WithEnvironment(key, value);
        }

        foreach (var (key, parameter) in _secrets)
        {
            job.WithEnvironment(key, parameter);
        }

        return job;
    }

    /// <summary>Both settings read as the jobs read them on AWS; every problem of both in one exception.</summary>
    private static (WarehouseSettings Warehouse, LakeSettings Lake) Validate(IConfiguration configuration)
    {
        var problems = new List<string>();
        WarehouseSettings? warehouse = null;
        LakeSettings? lake = null;
        try
        {
            warehouse = WarehouseSettings.From(configuration);
        }
        catch (ConfigurationException ex)
        {
            problems.AddRange(ex.Problems.Select(Reworded));
        }

        try
        {
            lake = LakeSettings.From(configuration);
        }
        catch (ConfigurationException ex)
        {
            problems.AddRange(ex.Problems.Select(Reworded));
        }

        if (string.IsNullOrWhiteSpace(configuration[SettingKeys.AwsRegion]))
        {
            problems.Add($"{SettingKeys.AwsRegion} is required when running against AWS (the region of the bucket and the warehouse).");
        }

        ConfigurationException.ThrowIfAny(problems);
        return (warehouse!, lake!);

        // The user chose the mode, not MARKET_DEPLOYMENT: say which setting made the key required.
        static string Reworded(string problem) =>
            problem.Replace($"({SettingKeys.Deployment} is {Deployment.Aws})", $"({SettingKeys.LocalInfra} is aws)", StringComparison.Ordinal);
    }
}
