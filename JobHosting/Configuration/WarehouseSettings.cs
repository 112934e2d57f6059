using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Where the warehouse is, from the <c>REDSHIFT_*</c> keys. Locally every key has a default.</summary>
public sealed class WarehouseSettings
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required string Database { get; init; }
    public required string User { get; init; }
    public required string Password { get; init; }
    public required WarehouseDialect Dialect { get; init; }
    public string? IamRoleArn { get; init; }

    /// <summary>Redshift Serverless (<c>REDSHIFT_SERVERLESS=true</c>, the deployment's default) keeps system data in SYS_ views.</summary>
    public bool Serverless { get; init; }

    /// <summary>No statement runs longer than this: a lock that never frees or a pathological plan fails loudly.</summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(DefaultStatementTimeoutSeconds);

    public const int DefaultStatementTimeoutSeconds = 900;

    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Reads and validates the keys; one <see cref="ConfigurationException"/> lists every problem by key name.</summary>
    public static WarehouseSettings From(IConfiguration configuration)
    {
        var local = Deployment.IsLocal(configuration);
        var reader = new SettingsReader(configuration);
        var problems = reader.Problems;

        string Read(string key, string localDefault)
        {
            var value = configuration[key];
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            if (local)
            {
                return localDefault;
            }

            problems.Add($"{key} is required when running against AWS ({Deployment.AwsBecause(configuration)}).");
            return "";
        }

        var host = Read(SettingKeys.RedshiftHost, "127.0.0.1");
        var port = reader.Port(SettingKeys.RedshiftPort, SettingKeys.DefaultWarehousePort);

        var database = Read(SettingKeys.RedshiftDb, SettingKeys.LocalWarehouseDb);
        var user = Read(SettingKeys.RedshiftUser, SettingKeys.LocalWarehouseUser);
        var password = Read(SettingKeys.RedshiftPassword, SettingKeys.LocalWarehousePassword);

        var statementTimeout = reader.Number(SettingKeys.WarehouseStatementTimeout, DefaultStatementTimeoutSeconds, 1);

        var dialectText = configuration[SettingKeys.WarehouseDialect];
        var dialect = local ? WarehouseDialect.Postgres : WarehouseDialect.Redshift;
        if (!string.IsNullOrWhiteSpace(dialectText) && !Enum.TryParse(dialectText.Trim(), ignoreCase: true, out dialect))
        {
            problems.Add($"{SettingKeys.WarehouseDialect} must be 'postgres' or 'redshift', not '{dialectText}'.");
        }

        var role = configuration[SettingKeys.RedshiftIamRoleArn];
        if (dialect == WarehouseDialect.Redshift && string.IsNullOrWhiteSpace(role))
        {
            problems.Add($"{SettingKeys.RedshiftIamRoleArn} is required for the Redshift dialect (COPY assumes that role to read S3).");
        }
        else if (!string.IsNullOrWhiteSpace(role) && !role.StartsWith("arn:", StringComparison.Ordinal))
        {
            problems.Add($"{SettingKeys.RedshiftIamRoleArn} must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).");
        }

        reader.ThrowIfAny();
        return new WarehouseSettings
        {
            Host = host,
            Port = port,
            Database = database,
            User = user,
            Password = password,
            Dialect = dialect,
            IamRoleArn = string.IsNullOrWhiteSpace(role) ? null : role.Trim(),
            StatementTimeout = TimeSpan.FromSeconds(statementTimeout),
            Serverless = bool.TryParse(configuration[SettingKeys.RedshiftServerless], out var serverless) && serverless,
        };
    }

    public string ConnectionString(string applicationName) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = User,
        Password = Password,
        ApplicationName = applicationName,
        Timeout = 15,
        CommandTimeout = (int)StatementTimeout.TotalSeconds,
        IncludeErrorDetail = false,

        // Redshift answers a cancellation slower than PostgreSQL; a pooled connection idles across Lambda's freezes.
        CancellationTimeout = 10_000,
        KeepAlive = 30,
        TcpKeepAlive = true,
    }.ConnectionString;
}
