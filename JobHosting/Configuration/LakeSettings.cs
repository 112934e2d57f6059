using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>The S3 data lake: bucket, region and (locally) the emulator's endpoint.</summary>
public sealed partial class LakeSettings
{
    public required string BucketName { get; init; }
    public required string Region { get; init; }
    public Uri? Endpoint { get; init; }

    public static LakeSettings From(IConfiguration configuration)
    {
        var local = Deployment.IsLocal(configuration);
        var problems = new List<string>();

        var bucket = configuration[SettingKeys.BucketName]?.Trim();
        if (string.IsNullOrEmpty(bucket))
        {
            if (local)
            {
                bucket = SettingKeys.DefaultBucket;
            }
            else
            {
                problems.Add($"{SettingKeys.BucketName} is required when running against AWS ({Deployment.AwsBecause(configuration)}).");
            }
        }
        else if (!BucketNamePattern().IsMatch(bucket))
        {
            problems.Add($"{SettingKeys.BucketName} '{bucket}' is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-').");
        }

        var region = configuration[SettingKeys.AwsRegion]?.Trim();
        if (string.IsNullOrEmpty(region))
        {
            region = SettingKeys.DefaultRegion;
        }

        Uri? endpoint = null;
        var endpointText = configuration[SettingKeys.S3Endpoint];
        if (!string.IsNullOrWhiteSpace(endpointText) && !Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out endpoint))
        {
            problems.Add($"{SettingKeys.S3Endpoint} must be an absolute URL such as http://127.0.0.1:4566, not '{endpointText}'.");
        }

        ConfigurationException.ThrowIfAny(problems);
        return new LakeSettings { BucketName = bucket!, Region = region, Endpoint = endpoint };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketNamePattern();
}
