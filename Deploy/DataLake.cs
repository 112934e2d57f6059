using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Deploy;

/// <summary>The landing bucket: encrypted, private, TLS only, versioned, staged files expiring.</summary>
public sealed class DataLake : Construct
{
    public DataLake(Construct scope, string id, DeploymentSettings settings)
        : base(scope, id)
    {
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BucketName = NameOf(settings, Stack.Of(this)),
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

                // S3 refuses ExpiredObjectDeleteMarker in a rule with an Expiration: the staged markers get their own.
                new LifecycleRule { Id = "remove-staged-delete-markers", Prefix = "staged/", ExpiredObjectDeleteMarker = true },
                new LifecycleRule { Id = "expire-old-raw-versions", Prefix = "raw/", NoncurrentVersionExpiration = Duration.Days(30), ExpiredObjectDeleteMarker = true },

                // Every warehouse run rewrites its curated/ partitions (UNLOAD ... CLEANPATH).
                new LifecycleRule { Id = "expire-old-curated-versions", Prefix = "curated/", NoncurrentVersionExpiration = Duration.Days(7), ExpiredObjectDeleteMarker = true },
            ],
        });
    }

    public Bucket Bucket { get; }

    /// <summary>
    /// The given name, or one derived from the account and region (unique to the account, like the CDK's own asset
    /// bucket); the local stack's generic name is refused: S3 names are global and that one is taken.
    /// </summary>
    private static string NameOf(DeploymentSettings settings, Stack stack) => settings.BucketName switch
    {
        null => $"marketaspire-lake-{stack.Account}-{stack.Region}",
        SettingKeys.DefaultBucket => throw new ConfigurationException(
            $"Context 'bucketName' ({SettingKeys.BucketName}) is '{SettingKeys.DefaultBucket}', the local stack's generic name, which S3's global namespace already holds: " +
            "leave it unset (the stack names the bucket marketaspire-lake-ACCOUNT-REGION) or give a name of your own."),
        var name => name,
    };

    public string ObjectsArn(string prefix) => Bucket.ArnForObjects(prefix + "*");
}
