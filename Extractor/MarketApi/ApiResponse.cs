namespace MarketAspire.Extractor.MarketApi;

public enum ApiOutcome
{
    /// <summary>A valid daily series: land it.</summary>
    Series,

    /// <summary>A quota message for the per-minute rate: back off and retry.</summary>
    RateLimited,

    /// <summary>The daily quota is spent: stop, report what remains.</summary>
    DailyQuotaSpent,

    /// <summary>The client-side daily limit (<c>MARKET_API_REQUESTS_PER_DAY</c>) is spent: stop before the API says so.</summary>
    ClientLimitReached,

    /// <summary>The key is invalid or missing: every further call fails the same way.</summary>
    InvalidKey,

    /// <summary>A premium-only request (e.g. outputsize=full on a free key).</summary>
    PremiumOnly,

    /// <summary>Invalid call, e.g. an unknown symbol.</summary>
    InvalidCall,

    /// <summary>Not a daily series: HTML, truncated JSON, a wrong symbol, HTTP errors after retries, timeouts.</summary>
    Failed,
}

/// <summary>What one request returned: the bytes and what they mean. <see cref="Message"/> never holds the key.</summary>
/// <param name="Transient">A body that a second request will likely get right (cut short, a proxy's HTML page).</param>
/// <param name="RetryAfter">For a rate-limit message: how long the message itself says to wait, when it says.</param>
public sealed record ApiResponse(
    ApiOutcome Outcome, byte[] Body, string Message, int? HttpStatus, int SeriesDays = 0, bool Transient = false, TimeSpan? RetryAfter = null);
