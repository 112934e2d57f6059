using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>The S3 data lake: bucket, region and (locally) the emulator's endpoint.</summary>
public sealed partial class LakeSettings
{
    public required string BucketName { get; init; }
    public required string Region { get; init; }
    public Uri? Endpoint { get; init; }

    /// <summary>No S3 request waits longer than this for an answer: a black-holed connection ends in a timeout that names the key.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    /// <summary>
    /// Attempts per request. Ten ride out a throttling burst or an endpoint refusing connections for several seconds
    /// (the SDK's backoff doubles from 0.1 s up to 20 s, jittered); the SDK's default of three gives up within a second.
    /// </summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    public const int DefaultRequestTimeoutSeconds = 60;

    public const int DefaultMaxAttempts = 10;

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

        var reader = new SettingsReader(configuration);
        var timeout = reader.Number(SettingKeys.S3RequestTimeout, DefaultRequestTimeoutSeconds, 1);
        var attempts = reader.Number(SettingKeys.S3MaxAttempts, DefaultMaxAttempts, 1);
        problems.AddRange(reader.Problems);

        ConfigurationException.ThrowIfAny(problems);
        return new LakeSettings
        {
            BucketName = bucket!, Region = region, Endpoint = endpoint, RequestTimeout = TimeSpan.FromSeconds(timeout), MaxAttempts = attempts,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketNamePattern();
}
