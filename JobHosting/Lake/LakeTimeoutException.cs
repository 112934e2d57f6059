using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.JobHosting.Lake;

/// <summary>S3 gave no answer within <c>S3_REQUEST_TIMEOUT_SECONDS</c>, on every attempt.</summary>
public sealed class LakeTimeoutException(string what, TimeSpan timeout, int attempts, Exception inner) : TimeoutException(
    $"{what}: S3 did not answer within {timeout.TotalSeconds:0} s ({SettingKeys.S3RequestTimeout}), {attempts} attempt(s) ({SettingKeys.S3MaxAttempts}); " +
    "the endpoint accepts connections but does not respond (a network path that drops packets, an overloaded endpoint).",
    inner);
