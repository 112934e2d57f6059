using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// Where the template's functions find things on this machine: each function's environment is the template's, with only
/// the addresses (warehouse, S3, SNS, the market API), PostgreSQL for Redshift, and the secrets' local values substituted.
/// </summary>
/// <param name="local">The isolated database and bucket (REDSHIFT_*, S3_BUCKET_NAME, AWS_ENDPOINT_URL_S3, credentials).</param>
/// <param name="snsEndpoint">The SNS receiver of the test, if any.</param>
/// <param name="settings">Variables every function gets beyond the template's.</param>
/// <param name="givenSecrets">The values of the secrets the stack was given by ARN (the webhook's URL, the lineage key), by ARN.</param>
internal sealed class LocalMachine(
    IReadOnlyDictionary<string, string?> local, string marketApiUrl, Uri? snsEndpoint, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> givenSecrets)
{
    /// <summary>The generated passwords of the users the migrate command creates, by the secret's construct id (roles are server-wide in PostgreSQL and tests run side by side against one server: fixed here).</summary>
    private static readonly IReadOnlyList<(string SecretId, string User, string Password)> UserPasswords =
    [
        .. MarketAssets.Graph.Services.Where(s => s.DatabaseUser is not null)
            .Select(s => (s.Project + "DatabasePassword", s.DatabaseUser!, $"Local{s.Project}Passw0rd")),
        (JobHosting.Jobs.DeployedFunctions.SensorProject + "DatabasePassword", ServiceDatabaseUsers.SensorUser, "LocalSensorPassw0rd"),
    ];

    /// <summary>The function's bundle under the Runtime API emulator, with the template's environment made local.</summary>
    public async Task<LambdaFunctionEmulator> StartAsync(SynthesizedStack.FunctionSpec function, string project, TimeSpan timeout, CancellationToken ct)
    {
        var secrets = new Dictionary<string, string>();
        var environment = new Dictionary<string, string>();
        foreach (var (key, value) in function.Environment)
        {
            environment[key] = value.ValueKind == JsonValueKind.String ? value.GetString()! : LocalValue(key, value, secrets);
            if (value.ValueKind == JsonValueKind.String && key.EndsWith(SettingKeys.SecretArnSuffix, StringComparison.Ordinal))
            {
                secrets[environment[key]] = givenSecrets.TryGetValue(environment[key], out var given)
                    ? given
                    : throw new NotSupportedException($"No local value for the secret {environment[key]} of {key}.");
            }
        }

        // The only substitutions: where things are on this machine, and PostgreSQL for Redshift.
        environment[SettingKeys.RedshiftPort] = local[SettingKeys.RedshiftPort]!;
        environment[SettingKeys.RedshiftDb] = local[SettingKeys.RedshiftDb]!;
        if (environment[SettingKeys.RedshiftUser] == new Deploy.DeploymentSettings().User)
        {
            environment[SettingKeys.RedshiftUser] = local[SettingKeys.RedshiftUser]!; // the schema's owner; service users stay
        }

        environment[SettingKeys.WarehouseDialect] = "postgres";
        environment[SettingKeys.S3Endpoint] = local[SettingKeys.S3Endpoint]!;
        environment[SettingKeys.MarketApiBaseUrl] = marketApiUrl;
        environment[SettingKeys.AwsRegion] = SynthesizedStack.Region;
        if (snsEndpoint is not null && environment.ContainsKey(SettingKeys.AlertSnsTopicArn))
        {
            environment[SettingKeys.SnsEndpoint] = snsEndpoint.ToString();
        }

        // The emulators take any credentials: the access key id names the function in their request logs.
        environment["AWS_ACCESS_KEY_ID"] = function.LogicalId;
        environment["AWS_SECRET_ACCESS_KEY"] = local.GetValueOrDefault("AWS_SECRET_ACCESS_KEY") ?? "local";
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var emulator = new LambdaFunctionEmulator(function.LogicalId, await LambdaBundles.FolderAsync(project, ct), function.MemoryMb, timeout, environment, secrets);
        await emulator.StartAsync(ct);
        return emulator;
    }

    private string LocalValue(string key, JsonElement value, Dictionary<string, string> secrets)
    {
        if (key.EndsWith(SettingKeys.SecretArnSuffix, StringComparison.Ordinal) && key != SettingKeys.MarketApiKey + SettingKeys.SecretArnSuffix)
        {
            // A database password: the owner's is the local server's; a service user's is fixed here.
            var secret = value.GetProperty("Ref").GetString()!;
            var user = UserPasswords.FirstOrDefault(u => secret.Contains(u.SecretId, StringComparison.Ordinal));
            var arn = SynthesizedStack.SecretArn(secret);
            secrets[arn] = user.User is null
                ? JsonSerializer.Serialize(new { username = local[SettingKeys.RedshiftUser], password = local[SettingKeys.RedshiftPassword] })
                : JsonSerializer.Serialize(new { username = user.User, password = user.Password });
            return arn;
        }

        switch (key)
        {
            case SettingKeys.BucketName:
                return local[SettingKeys.BucketName]!;
            case SettingKeys.RedshiftHost:
                return "127.0.0.1";
            case SettingKeys.RedshiftIamRoleArn:
                return $"arn:aws:iam::{SynthesizedStack.Account}:role/marketaspire-copy";
            case SettingKeys.AlertSnsTopicArn:
                return SynthesizedStack.TopicArn(value.GetProperty("Ref").GetString()!);
            case SettingKeys.MarketApiKey + SettingKeys.SecretArnSuffix:
                var keyArn = SynthesizedStack.SecretArn(value.GetProperty("Ref").GetString()!);
                secrets[keyArn] = "LOCALKEY1234";
                return keyArn;
            default:
                throw new NotSupportedException($"No local value for the function variable {key}.");
        }
    }
}
