using System.Reflection;
using Amazon.S3;
using Amazon.S3.Model;

namespace MarketAspire.Tests.Warehousing;

/// <summary>An S3 client that passes every call through, except uploads under <c>staged/</c>: those break as a dropped connection does.</summary>
public class FailingStagedUploads : DispatchProxy
{
    private IAmazonS3 _inner = null!;

    public static IAmazonS3 Around(IAmazonS3 inner)
    {
        var proxy = Create<IAmazonS3, FailingStagedUploads>();
        ((FailingStagedUploads)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name == nameof(IAmazonS3.PutObjectAsync) && args?[0] is PutObjectRequest { Key: var key } && key.StartsWith("staged/", StringComparison.Ordinal))
        {
            return Task.FromException<PutObjectResponse>(new IOException("Unable to write data to the transport connection: Broken pipe."));
        }

        return targetMethod!.Invoke(_inner, args);
    }
}
