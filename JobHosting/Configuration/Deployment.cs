using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>
/// Local (emulated AWS, every key defaulted) or AWS (required keys must be set). "Where is S3" (the endpoint) and "are we
/// on AWS" are different questions: the stack's functions say <c>MARKET_DEPLOYMENT=aws</c>, so pointing them at an S3
/// emulator (the local run of the deployed shape) keeps the AWS code paths. Without it, the local stack is the one that
/// sets <c>AWS_ENDPOINT_URL_S3</c>.
/// </summary>
public static class Deployment
{
    public const string Aws = "aws";

    public static bool IsLocal(IConfiguration configuration) => configuration[SettingKeys.Deployment]?.Trim() switch
    {
        { Length: > 0 } given => !given.Equals(Aws, StringComparison.OrdinalIgnoreCase),
        _ => !string.IsNullOrWhiteSpace(configuration[SettingKeys.S3Endpoint]),
    };

    /// <summary>Why this run counts as AWS, for "required" messages.</summary>
    public static string AwsBecause(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[SettingKeys.Deployment]) ? $"{SettingKeys.S3Endpoint} is not set" : $"{SettingKeys.Deployment} is {Aws}";

    public static string Describe(IConfiguration configuration) => (IsLocal(configuration), configuration[SettingKeys.S3Endpoint]) switch
    {
        (true, var endpoint) => $"local (S3 at {endpoint})",
        (false, { Length: > 0 } endpoint) => $"AWS ({AwsBecause(configuration)}; S3 at {endpoint})",
        _ => $"AWS ({AwsBecause(configuration)})",
    };
}
