using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Extractor.MarketApi;

/// <summary>The market API's address, key, symbols and the client-side limits that keep us inside the quota.</summary>
public sealed class MarketApiSettings
{
    public const string AlphaVantageUrl = "https://www.alphavantage.co";

    // Without a key the extractor talks to the simulator, which takes any key.
    private const string SimulatorKey = "demo";

    public required Uri BaseUrl { get; init; }
    public required string ApiKey { get; init; }
    public required bool UsesRealKey { get; init; }
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>The source can answer for past landing dates (the simulator with time travel; never Alpha Vantage).</summary>
    public bool TimeTravel { get; init; }
    public required int RequestsPerMinute { get; init; }

    /// <summary>0 = no client-side daily limit.</summary>
    public required int RequestsPerDay { get; init; }
    public required int Concurrency { get; init; }
    public required string OutputSize { get; init; }
    public required TimeSpan AttemptTimeout { get; init; }
    public required TimeSpan TotalTimeout { get; init; }
    public required TimeSpan QuotaRetryDelay { get; init; }

    /// <summary>First delay of the jittered exponential backoff for transport failures (429, 5xx, timeouts).</summary>
    public required TimeSpan RetryBaseDelay { get; init; }

    /// <summary>How old a symbol's latest SPLITS and DIVIDENDS landing may be before they are asked for again.</summary>
    public TimeSpan CorporateActionsRefresh { get; init; } = TimeSpan.FromDays(7);

    public static MarketApiSettings From(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var problems = reader.Problems;
        var key = configuration[SettingKeys.MarketApiKey]?.Trim();
        var hasKey = !string.IsNullOrEmpty(key);

        Uri? baseUrl = null;
        var urlText = configuration[SettingKeys.MarketApiBaseUrl]?.Trim();
        if (string.IsNullOrEmpty(urlText))
        {
            if (hasKey)
            {
                baseUrl = new Uri(AlphaVantageUrl);
            }
            else
            {
                problems.Add($"{SettingKeys.MarketApiBaseUrl} is required when no {SettingKeys.MarketApiKey} is set: point it at the market-API simulator (the AppHost does).");
            }
        }
        else if (!Uri.TryCreate(urlText, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            problems.Add($"{SettingKeys.MarketApiBaseUrl} must be an http(s) URL, not '{urlText}'.");
        }

        var symbols = SymbolList.Parse(configuration[SettingKeys.MarketSymbols] is { Length: > 0 } s ? s : SettingKeys.DefaultSymbols, problems);

        int Number(string name, int fallback, int min) => reader.Number(name, fallback, min);

        // Free-tier limits with a real key; the simulator has no quota unless configured.
        var perMinute = Number(SettingKeys.MarketApiRequestsPerMinute, hasKey ? 5 : 600, 1);
        var perDay = Number(SettingKeys.MarketApiRequestsPerDay, hasKey ? 25 : 0, 0);
        var concurrency = Number(SettingKeys.MarketApiConcurrency, 4, 1);
        var attempt = Number(SettingKeys.MarketApiAttemptTimeout, 30, 1);
        var total = Number(SettingKeys.MarketApiTotalTimeout, 120, 1);
        var quotaRetry = Number(SettingKeys.MarketApiQuotaRetry, 20, 0);
        var retryBase = Number(SettingKeys.MarketApiRetryBase, 1000, 1);
        var refreshDays = Number(SettingKeys.CorporateActionsRefreshDays, 7, 1);

        var timeTravelText = reader.Text(SettingKeys.MarketApiTimeTravel);
        var timeTravel = false;
        if (timeTravelText is not null && !bool.TryParse(timeTravelText, out timeTravel))
        {
            problems.Add($"{SettingKeys.MarketApiTimeTravel} must be 'true' or 'false', not '{timeTravelText}'.");
        }
        else if (timeTravel && baseUrl is not null && baseUrl.Host.EndsWith("alphavantage.co", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{SettingKeys.MarketApiTimeTravel} is for the local simulator only: Alpha Vantage has no \"as of\" and cannot answer for a past date.");
        }

        var outputSize = (configuration[SettingKeys.MarketApiOutputSize] ?? "compact").Trim().ToLowerInvariant();
        if (outputSize is not ("compact" or "full"))
        {
            problems.Add($"{SettingKeys.MarketApiOutputSize} must be 'compact' or 'full', not '{outputSize}'.");
        }

        reader.ThrowIfAny();
        return new MarketApiSettings
        {
            BaseUrl = baseUrl!,
            ApiKey = hasKey ? key! : SimulatorKey,
            UsesRealKey = hasKey,
            TimeTravel = timeTravel,
            Symbols = symbols,
            RequestsPerMinute = perMinute,
            RequestsPerDay = perDay,
            CorporateActionsRefresh = TimeSpan.FromDays(refreshDays),
            Concurrency = concurrency,
            OutputSize = outputSize,
            AttemptTimeout = TimeSpan.FromSeconds(attempt),
            TotalTimeout = TimeSpan.FromSeconds(Math.Max(total, attempt)),
            QuotaRetryDelay = TimeSpan.FromSeconds(quotaRetry),
            RetryBaseDelay = TimeSpan.FromMilliseconds(retryBase),
        };
    }
}
