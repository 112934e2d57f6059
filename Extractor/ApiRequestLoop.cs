using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Extractor.MarketApi;

namespace MarketAspire.Extractor;

/// <summary>
/// One request to the market API until it lands or fails for good: quota messages back off and retry, transient bodies
/// retry, a spent daily quota, a rejected key or the client-side daily limit stop the whole run (the rest remain).
/// </summary>
public sealed class ApiRequestLoop(MarketApiSettings settings, TimeProvider time, ILogger<ApiRequestLoop> logger)
{
    private const int QuotaRetries = 3;
    private const int TransientBodyRetries = 2;

    /// <param name="label">What is asked for, as logs and results name it (a symbol, or "IBM splits").</param>
    /// <param name="stopOnPremium">A premium-only answer means every other request would get it too (outputsize=full on a free key).</param>
    /// <param name="land">Lands a usable answer; gets the time the request was sent.</param>
    public async Task<SymbolResult> RunAsync(
        string label,
        StopSignal stop,
        bool stopOnPremium,
        Func<CancellationToken, Task<ApiResponse>> fetch,
        Func<ApiResponse, DateTimeOffset, Task<SymbolResult>> land,
        CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (stop.Reason is not null)
            {
                return new SymbolResult(label, SymbolStatus.Remaining);
            }

            var fetchedAt = time.GetUtcNow();
            var response = await fetch(ct);
            switch (response.Outcome)
            {
                case ApiOutcome.Series:
                    return await land(response, fetchedAt);

                case ApiOutcome.RateLimited when attempt < QuotaRetries:
                    var delay = (response.RetryAfter ?? settings.QuotaRetryDelay * Math.Pow(2, attempt)) * (0.8 + (Random.Shared.NextDouble() * 0.4));
                    ExtractorLog.RateLimited(logger, label, attempt + 1, (long)delay.TotalMilliseconds, response.Message);
                    await Task.Delay(delay, time, ct);
                    continue;

                case ApiOutcome.Failed when response.Transient && attempt < TransientBodyRetries:
                    ExtractorLog.RateLimited(logger, label, attempt + 1, (long)settings.RetryBaseDelay.TotalMilliseconds, response.Message);
                    await Task.Delay(settings.RetryBaseDelay, time, ct);
                    continue;

                case ApiOutcome.ClientLimitReached:
                    stop.Set(response.Message, FailureKind.QuotaSpent);
                    ExtractorLog.Stopping(logger, label, response.Message);
                    return new SymbolResult(label, SymbolStatus.Remaining);

                case ApiOutcome.DailyQuotaSpent:
                    stop.Set($"the API's daily quota is spent ({response.Message})", FailureKind.QuotaSpent);
                    ExtractorLog.Stopping(logger, label, stop.Reason!);
                    return new SymbolResult(label, SymbolStatus.Remaining);

                case ApiOutcome.PremiumOnly when stopOnPremium:
                    stop.Set($"{SettingKeys.MarketApiOutputSize}=full needs a premium Alpha Vantage key; this key is on the free tier ({response.Message})", FailureKind.PremiumOnly);
                    ExtractorLog.Stopping(logger, label, stop.Reason!);
                    return new SymbolResult(label, SymbolStatus.Failed, Reason: response.Message);

                case ApiOutcome.InvalidKey:
                    stop.Set($"the API rejected the key ({response.Message})");
                    ExtractorLog.Stopping(logger, label, stop.Reason!);
                    return new SymbolResult(label, SymbolStatus.Failed, Reason: response.Message);

                default:
                    var reason = response.Outcome == ApiOutcome.RateLimited ? $"still rate limited after {QuotaRetries} retries: {response.Message}"
                        : response.Transient ? $"{response.Message} (after {TransientBodyRetries} retries)"
                        : response.Message;
                    ExtractorLog.SymbolFailed(logger, label, reason);
                    return new SymbolResult(label, SymbolStatus.Failed, Reason: reason);
            }
        }
    }
}

/// <summary>Why a run stopped early, and its kind (a spent quota, a premium-only answer); the first wins. One per run (registered scoped).</summary>
public sealed class StopSignal
{
    private Stop? _stop;

    public string? Reason => Volatile.Read(ref _stop)?.Reason;

    /// <summary>What kind of failure the stop makes of the run (<see cref="FailureKind.Failed"/> when it did not stop).</summary>
    public FailureKind Kind => Volatile.Read(ref _stop)?.Kind ?? FailureKind.Failed;

    public void Set(string reason, FailureKind kind = FailureKind.Failed) => Interlocked.CompareExchange(ref _stop, new Stop(reason, kind), null);

    private sealed record Stop(string Reason, FailureKind Kind);
}
