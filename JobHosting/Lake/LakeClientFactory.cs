using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lake;

public static class LakeClientFactory
{
    /// <summary>
    /// An S3 client for the lake. On AWS: the default credential chain and region. Locally: the emulator's
    /// endpoint, path-style addressing, and placeholder credentials (the emulator accepts any) unless real ones are set.
    /// Every request is bounded by <c>S3_REQUEST_TIMEOUT_SECONDS</c> and retried up to <c>S3_MAX_ATTEMPTS</c> times.
    /// </summary>
    public static IAmazonS3 Create(LakeSettings settings)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region),
            Timeout = settings.RequestTimeout,
            MaxErrorRetry = settings.MaxAttempts - 1,
        };
        if (settings.Endpoint is null)
        {
            return new LakeS3Client(config, settings);
        }

        config.ServiceURL = settings.Endpoint.ToString();
        config.ForcePathStyle = true;
        config.AuthenticationRegion = settings.Region;
        return string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"))
            ? new LakeS3Client(new BasicAWSCredentials("local", "local"), config, settings)
            : new LakeS3Client(config, settings);
    }
}
