using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lake;

/// <summary>
/// Reading an object whole. The SDK retries a GET until its answer's headers arrive; the body is read afterwards, outside
/// its retries and its timeout. So a connection reset mid-body is retried here (a new GET), and a body that stops
/// arriving ends after <c>S3_REQUEST_TIMEOUT_SECONDS</c>, up to <c>S3_MAX_ATTEMPTS</c> attempts in all.
/// </summary>
public static class LakeReads
{
    public static async Task<T> ReadAsync<T>(
        IAmazonS3 s3, LakeSettings lake, string bucket, string key, Func<GetObjectResponse, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await s3.GetObjectAsync(bucket, key, ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(lake.RequestTimeout);
            try
            {
                return await read(response, deadline.Token);
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested && attempt >= lake.MaxAttempts)
            {
                throw new LakeTimeoutException($"Reading s3://{bucket}/{key}", lake.RequestTimeout, attempt, ex);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && attempt >= lake.MaxAttempts)
            {
                throw new IOException($"Reading s3://{bucket}/{key} broke off on all {attempt} attempts ({SettingKeys.S3MaxAttempts}): {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // A body that broke off or stopped arriving: ask again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 << Math.Min(attempt, 5))), ct);
        }
    }

    /// <summary>An object's bytes.</summary>
    public static Task<byte[]> ReadBytesAsync(IAmazonS3 s3, LakeSettings lake, string bucket, string key, CancellationToken ct) =>
        ReadAsync(s3, lake, bucket, key, async (response, token) =>
        {
            using var memory = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 1 << 16);
            await response.ResponseStream.CopyToAsync(memory, token);
            return memory.ToArray();
        }, ct);
}
