using MarketAspire.JobHosting.Configuration;
using System.Net;
using MarketAspire.JobHosting.Lake;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// TIME_SERIES_DAILY, SPLITS and DIVIDENDS over HttpClient. Transport failures (5xx, 429, timeouts) are retried by the resilience pipeline;
/// what comes back is classified from the body. Nothing it returns or throws carries the API key.
/// </summary>
public sealed class AlphaVantageClient(HttpClient http, MarketApiSettings settings, SecretRedactor redactor, ExtractorMetrics metrics)
{
    /// <summary>Tells a time-travelling simulator which day's data to serve; sent only when time travel is on.</summary>
    public const string AsOfHeader = "X-Simulator-As-Of";

    /// <summary>The request URL as it may be shown and stored: without the key.</summary>
    public string SafeUrl(string symbol, string outputSize) =>
        new Uri(settings.BaseUrl, $"query?function=TIME_SERIES_DAILY&symbol={Uri.EscapeDataString(symbol)}&outputsize={outputSize}").ToString();

    /// <summary>The SPLITS or DIVIDENDS request URL, without the key.</summary>
    public string SafeUrl(string symbol, CorporateActionKind kind) =>
        new Uri(settings.BaseUrl, $"query?function={kind.Function}&symbol={Uri.EscapeDataString(symbol)}").ToString();

    /// <summary>The LISTING_STATUS request URL, without the key: today's list, or the list as of a past <paramref name="date"/>.</summary>
    public string SafeListingUrl(string state, DateOnly? date) =>
        new Uri(settings.BaseUrl, $"query?function=LISTING_STATUS&state={state}{(date is { } d ? $"&date={d:yyyy-MM-dd}" : "")}").ToString();

    /// <summary>One LISTING_STATUS list (active or delisted), CSV; errors still come back as JSON.</summary>
    public async Task<ApiResponse> GetListingStatusAsync(string state, DateOnly? date, DateOnly asOf, CancellationToken ct)
    {
        var response = await SendAsync(null, SafeListingUrl(state, date), "LISTING_STATUS", asOf, ct);
        metrics.Responded(response.Outcome);
        return response;
    }

    public async Task<ApiResponse> GetDailyAsync(string symbol, string outputSize, DateOnly asOf, CancellationToken ct)
    {
        var response = await SendAsync(symbol, SafeUrl(symbol, outputSize), "TIME_SERIES_DAILY", asOf, ct);
        metrics.Responded(response.Outcome);
        return response;
    }

    /// <summary>One of the free corporate-action lists of a symbol (its whole history).</summary>
    public async Task<ApiResponse> GetCorporateActionsAsync(string symbol, CorporateActionKind kind, DateOnly asOf, CancellationToken ct)
    {
        var response = await SendAsync(symbol, SafeUrl(symbol, kind), kind.Function, asOf, ct);
        metrics.Responded(response.Outcome);
        return response;
    }

    private async Task<ApiResponse> SendAsync(string? symbol, string safeUrl, string function, DateOnly asOf, CancellationToken ct)
    {
        if (symbol is not null && !SymbolList.IsValid(symbol))
        {
            throw new ArgumentException($"'{symbol}' is not a valid symbol.", nameof(symbol));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(safeUrl + "&apikey=" + Uri.EscapeDataString(settings.ApiKey)));
        if (settings.TimeTravel)
        {
            request.Headers.Add(AsOfHeader, asOf.ToString("yyyy-MM-dd"));
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var reason = response.StatusCode == HttpStatusCode.TooManyRequests
                    ? "HTTP 429 Too Many Requests after retries"
                    : $"HTTP {status} {response.ReasonPhrase} after retries";
                return new ApiResponse(ApiOutcome.Failed, body, reason, status);
            }

            return symbol is null
                ? ResponseClassifier.ClassifyCsv(body, status, response.Content.Headers.ContentType?.MediaType, redactor, function)
                : ResponseClassifier.Classify(body, symbol, status, response.Content.Headers.ContentType?.MediaType, redactor, function);
        }
        catch (TimeoutRejectedException)
        {
            return new ApiResponse(ApiOutcome.Failed, [], $"timed out (attempt limit {settings.AttemptTimeout.TotalSeconds:0} s, total {settings.TotalTimeout.TotalSeconds:0} s)", null);
        }
        catch (RateLimiterRejectedException)
        {
            return new ApiResponse(ApiOutcome.ClientLimitReached, [],
                $"the client-side daily limit of {settings.RequestsPerDay} requests ({SettingKeys.MarketApiRequestsPerDay}) is reached", null);
        }
        catch (BrokenCircuitException)
        {
            return new ApiResponse(ApiOutcome.Failed, [], "circuit open: the API failed repeatedly, requests are paused", null);
        }
        catch (HttpRequestException ex)
        {
            // The message may hold the URL on some platforms: redact before it leaves.
            return new ApiResponse(ApiOutcome.Failed, [], $"HTTP request failed: {redactor.Redact(ex.Message)}", null);
        }
    }
}
