namespace MarketAspire.MarketApiSimulator;

/// <summary>Every failure mode of Alpha Vantage the simulator can show, plus bad data for the quality checks.</summary>
public enum FaultKind
{
    None,
    QuotaNote,          // HTTP 200 {"Note": "... 5 calls per minute and 500 calls per day ..."}
    QuotaInformation,   // HTTP 200 {"Information": "We have detected your API key as KEY and our standard API rate limit is 25 requests per day ..."}
    QuotaPlain,         // HTTP 200 {"Information": "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day ..."}
    Burst,              // HTTP 200 {"Information": "... more sparingly (1 request per second) ..."}: retry after a second
    PremiumEndpoint,    // HTTP 200 {"Information": "... This is a premium endpoint ..."}
    ErrorMessage,       // HTTP 200 {"Error Message": "Invalid API call. ..."}
    InvalidKey,         // HTTP 200 {"Error Message": "the parameter apikey is invalid or missing. ..."}
    Premium,            // HTTP 200 {"Information": "... The outputsize=full parameter value is a premium feature ..."}
    Http429,            // HTTP 429 with Retry-After
    Http500,            // HTTP 500
    Slow,               // answers after 30 s
    Truncated,          // HTTP 200, the body cut in the middle
    Html,               // HTTP 200 text/html error page
    NegativePrice,      // a valid series whose latest close is negative
    Restate,            // a valid series with three past bars revised (see PriceSeriesGenerator.Restate)
}

public static class FaultSpec
{
    /// <summary>Parses <c>kind</c> or <c>kind:count</c> (e.g. <c>http-500:2</c>).</summary>
    public static (FaultKind Kind, int? Count) Parse(string spec)
    {
        var parts = spec.Split(':', 2);
        var name = parts[0].Replace("-", "", StringComparison.Ordinal).Trim();
        if (!Enum.TryParse<FaultKind>(name, ignoreCase: true, out var kind))
        {
            throw new FormatException($"Unknown simulator fault '{spec}'. Known: {string.Join(", ", Enum.GetNames<FaultKind>())}.");
        }

        int? count = parts.Length == 2 && int.TryParse(parts[1], out var n) ? n : null;
        return (kind, count);
    }
}
