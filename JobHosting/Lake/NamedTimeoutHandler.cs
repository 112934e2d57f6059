using Amazon.Runtime;
using Amazon.Runtime.Internal;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lake;

/// <summary>
/// The outermost handler of the lake client's pipeline: when the SDK gives up on a request whose every attempt timed
/// out (HttpClient reports that as a cancellation nobody asked for), the error names the setting instead.
/// </summary>
internal sealed class NamedTimeoutHandler(LakeSettings settings) : PipelineHandler
{
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        try
        {
            return await base.InvokeAsync<T>(executionContext);
        }
        catch (OperationCanceledException ex) when (!executionContext.RequestContext.CancellationToken.IsCancellationRequested)
        {
            throw new LakeTimeoutException(
                $"S3 {executionContext.RequestContext.RequestName.Replace("Request", "", StringComparison.Ordinal)} in bucket {settings.BucketName}",
                settings.RequestTimeout, settings.MaxAttempts, ex);
        }
    }
}
