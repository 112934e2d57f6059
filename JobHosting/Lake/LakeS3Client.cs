using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lake;

/// <summary>The S3 client for the lake, whose timeouts name <c>S3_REQUEST_TIMEOUT_SECONDS</c> (see <see cref="NamedTimeoutHandler"/>).</summary>
internal sealed class LakeS3Client : AmazonS3Client
{
    private readonly LakeSettings _settings;

    /// <summary>With the default credential chain (on AWS).</summary>
    public LakeS3Client(AmazonS3Config config, LakeSettings settings)
        : base(config)
    {
        _settings = settings;
    }

    public LakeS3Client(AWSCredentials credentials, AmazonS3Config config, LakeSettings settings)
        : base(credentials, config)
    {
        _settings = settings;
    }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandler(new NamedTimeoutHandler(() => _settings));
    }
}
