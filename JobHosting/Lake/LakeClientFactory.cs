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
    /// </summary>
    public static IAmazonS3 Create(LakeSettings settings)
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.Endpoint is null)
        {
            return new AmazonS3Client(config);
        }

        config.ServiceURL = settings.Endpoint.ToString();
        config.ForcePathStyle = true;
        config.AuthenticationRegion = settings.Region;
        var credentials = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"))
            ? new BasicAWSCredentials("local", "local")
            : null;
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}
