using System.Text.Json;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// Reads an Alpha Vantage body. Failures mostly arrive as HTTP 200 with <c>Note</c>, <c>Information</c> or
/// <c>Error Message</c>; they are told apart by their text, not only by their key.
/// </summary>
public static class ResponseClassifier
{
    /// <param name="function">The API function asked: a daily series by default, or SPLITS / DIVIDENDS.</param>
    public static ApiResponse Classify(byte[] body, string symbol, int httpStatus, string? contentType, SecretRedactor redactor, string function = "TIME_SERIES_DAILY")
    {
        if (body.Length == 0)
        {
            return new ApiResponse(ApiOutcome.Failed, body, "empty response body", httpStatus, Transient: true);
        }

        var first = body.AsSpan().TrimStart(" \t\r\n"u8);
        if ((contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false) || (first.Length > 0 && first[0] == (byte)'<'))
        {
            return new ApiResponse(ApiOutcome.Failed, body, $"not JSON: an HTML page ({Excerpt(body, redactor)})", httpStatus, Transient: true);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return new ApiResponse(ApiOutcome.Failed, body,
                $"invalid JSON (truncated or corrupt) at byte {ex.BytePositionInLine}, line {ex.LineNumber + 1}; {body.Length} bytes received", httpStatus, Transient: true);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ApiResponse(ApiOutcome.Failed, body, $"unexpected JSON {root.ValueKind}, not an object", httpStatus);
            }

            foreach (var name in new[] { "Note", "Information", "Error Message" })
            {
                if (root.TryGetProperty(name, out var message))
                {
                    return ClassifyMessage(name, message.ToString(), body, httpStatus, redactor);
                }
            }

            if (function != "TIME_SERIES_DAILY")
            {
                return ClassifyList(root, function, body, symbol, httpStatus, redactor);
            }

            if (!root.TryGetProperty("Time Series (Daily)", out var series) || series.ValueKind != JsonValueKind.Object)
            {
                var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(5));
                return new ApiResponse(ApiOutcome.Failed, body, $"no \"Time Series (Daily)\" object (keys: {redactor.Redact(keys)})", httpStatus);
            }

            var bodySymbol = root.TryGetProperty("Meta Data", out var meta) && meta.TryGetProperty("2. Symbol", out var s) ? s.GetString() : null;
            if (!Symbols.BodyMatches(bodySymbol, symbol))
            {
                return new ApiResponse(ApiOutcome.Failed, body, $"the body is for symbol '{redactor.Redact(bodySymbol ?? "(none)")}', not {symbol}", httpStatus);
            }

            var days = series.EnumerateObject().Count();
            return new ApiResponse(ApiOutcome.Series, body, $"{days} trading days", httpStatus, days);
        }
    }

    /// <summary>SPLITS and DIVIDENDS: <c>{"symbol": ..., "data": [...]}</c>; an empty list is an answer (no splits), not a failure.</summary>
    private static ApiResponse ClassifyList(JsonElement root, string function, byte[] body, string symbol, int httpStatus, SecretRedactor redactor)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(5));
            return new ApiResponse(ApiOutcome.Failed, body, $"no \"data\" list in the {function} answer (keys: {redactor.Redact(keys)})", httpStatus);
        }

        var bodySymbol = root.TryGetProperty("symbol", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (!Symbols.BodyMatches(bodySymbol, symbol))
        {
            return new ApiResponse(ApiOutcome.Failed, body, $"the body is for symbol '{redactor.Redact(bodySymbol ?? "(none)")}', not {symbol}", httpStatus);
        }

        var entries = data.GetArrayLength();
        return new ApiResponse(ApiOutcome.Series, body, $"{entries} entries", httpStatus, entries);
    }

    /// <summary>
    /// A CSV answer (LISTING_STATUS): any non-empty text that is not JSON or HTML lands byte-exact, and the warehouse
    /// judges its rows; a JSON body is the API's message (quota, key, invalid call), classified as for the JSON endpoints.
    /// </summary>
    public static ApiResponse ClassifyCsv(byte[] body, int httpStatus, string? contentType, SecretRedactor redactor, string function)
    {
        var first = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (first.Length == 0 || first[0] == (byte)'<' || (contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false) || first[0] == (byte)'{')
        {
            return first.Length > 0 && first[0] == (byte)'{'
                ? ClassifyJsonInsteadOfCsv(body, httpStatus, redactor, function)
                : Classify(body, function, httpStatus, contentType, redactor, function);
        }

        var rows = Math.Max(0, first.Count((byte)'\n') - (first[^1] == (byte)'\n' ? 1 : 0));
        return new ApiResponse(ApiOutcome.Series, body, $"{rows} rows", httpStatus, rows);
    }

    private static ApiResponse ClassifyJsonInsteadOfCsv(byte[] body, int httpStatus, SecretRedactor redactor, string function)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in new[] { "Note", "Information", "Error Message" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var message))
                {
                    return ClassifyMessage(name, message.ToString(), body, httpStatus, redactor);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: said below.
        }

        return new ApiResponse(ApiOutcome.Failed, body, $"JSON instead of the {function} CSV ({Excerpt(body, redactor)})", httpStatus);
    }

    /// <summary>How long to wait before asking again after the free tier's per-second burst message.</summary>
    public static readonly TimeSpan BurstRetryDelay = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Alpha Vantage's messages, matched on their own texts (see PLATFORM.md). Order matters: the burst message
    /// mentions the daily limit and the premium plans, so it is recognized before either.
    /// </summary>
    internal static ApiResponse ClassifyMessage(string key, string text, byte[] body, int httpStatus, SecretRedactor redactor)
    {
        var message = $"{key}: {redactor.Redact(text)}";
        var lower = text.ToLowerInvariant();
        bool Says(string phrase) => lower.Contains(phrase, StringComparison.Ordinal);

        if (Says("apikey is invalid or missing") || Says("api key is invalid"))
        {
            return new ApiResponse(ApiOutcome.InvalidKey, body, message, httpStatus);
        }

        if (Says("spreading out your free api requests more sparingly") || Says("per-second burst limit"))
        {
            return new ApiResponse(ApiOutcome.RateLimited, body, message, httpStatus, RetryAfter: BurstRetryDelay);
        }

        if (Says("call frequency is") || Says("requests per minute") || Says("calls per minute"))
        {
            return new ApiResponse(ApiOutcome.RateLimited, body, message, httpStatus);
        }

        if (Says("rate limit is") && (Says("requests per day") || Says("calls per day")))
        {
            return new ApiResponse(ApiOutcome.DailyQuotaSpent, body, message, httpStatus);
        }

        if (Says("this is a premium endpoint") || Says("is a premium feature"))
        {
            return new ApiResponse(ApiOutcome.PremiumOnly, body,
                $"premium-only: this request needs a premium Alpha Vantage key ({message})", httpStatus);
        }

        return new ApiResponse(key == "Error Message" ? ApiOutcome.InvalidCall : ApiOutcome.Failed, body, message, httpStatus);
    }

    private static string Excerpt(byte[] body, SecretRedactor redactor)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        var collapsed = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return redactor.Redact(collapsed.Length > 80 ? collapsed[..80] + "…" : collapsed);
    }
}
