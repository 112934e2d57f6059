using Amazon.Runtime;
using Amazon.Runtime.Internal;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lake;

/// <summary>
/// The outermost handler of the lake client's pipeline: when the SDK gives up on a request whose every attempt timed
/// out (reported as a cancellation nobody asked for, or as the SDK's bare TimeoutException), the error names the setting instead.
/// </summary>
/// <param name="settings">Read when a timeout happens: the pipeline is built inside the client's base constructor, before the client's fields are set.</param>
internal sealed class NamedTimeoutHandler(Func<LakeSettings> settings) : PipelineHandler
{
    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        try
        {
            return await base.InvokeAsync<T>(executionContext);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && ex is not LakeTimeoutException &&
                                   !executionContext.RequestContext.CancellationToken.IsCancellationRequested)
        {
            var request = executionContext.RequestContext.OriginalRequest?.GetType().Name ?? "request";
            var lake = settings();
            throw new LakeTimeoutException($"S3 {request.Replace("Request", "", StringComparison.Ordinal)} in bucket {lake.BucketName}",
                lake.RequestTimeout, lake.MaxAttempts, ex);
        }
    }
}
