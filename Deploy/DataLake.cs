using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace MarketAspire.Deploy;

/// <summary>The landing bucket: encrypted, private, TLS only, versioned, staged files expiring.</summary>
public sealed class DataLake : Construct
{
    public DataLake(Construct scope, string id, DeploymentSettings settings)
        : base(scope, id)
    {
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BucketName = settings.BucketName,
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "expire-staged",
                    Prefix = "staged/",
                    Expiration = Duration.Days(settings.StagedRetentionDays),
                    NoncurrentVersionExpiration = Duration.Days(1),
                },
                new LifecycleRule { Id = "expire-old-raw-versions", Prefix = "raw/", NoncurrentVersionExpiration = Duration.Days(30) },
            ],
        });
    }

    public Bucket Bucket { get; }

    public string ObjectsArn(string prefix) => Bucket.ArnForObjects(prefix + "*");
}
