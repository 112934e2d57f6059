using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Local (emulated AWS, every key defaulted) or AWS (required keys must be set).</summary>
public static class Deployment
{
    /// <summary>The local stack sets <c>AWS_ENDPOINT_URL_S3</c>; on AWS it is absent.</summary>
    public static bool IsLocal(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[SettingKeys.S3Endpoint]);

    public static string Describe(IConfiguration configuration) => IsLocal(configuration)
        ? $"local (S3 at {configuration[SettingKeys.S3Endpoint]})"
        : "AWS (AWS_ENDPOINT_URL_S3 is not set)";
}
