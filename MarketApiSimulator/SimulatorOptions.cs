namespace MarketAspire.MarketApiSimulator;

/// <summary>Section <c>Simulator</c>: how the simulated Alpha Vantage behaves.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>The one key it accepts; empty = any non-empty key (like the demo key, but for every symbol).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Requests per minute before it answers with the quota <c>Information</c> body; 0 = no limit.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Requests per day before it answers with the daily quota <c>Information</c> body; 0 = no limit.</summary>
    public int RequestsPerDay { get; set; }

    /// <summary>Whether <c>outputsize=full</c> is served (a premium feature for some keys).</summary>
    public bool AllowFullOutput { get; set; } = true;

    /// <summary>Added latency per request, in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>The simulator's "today" (YYYY-MM-DD); empty = today in New York.</summary>
    public string? AsOf { get; set; }

    /// <summary>
    /// Off by default, like Alpha Vantage, which has no "as of": every request gets today's series. On (for tests and
    /// benchmarks only), a request may ask for the series as it was on a past day with the <c>X-Simulator-As-Of</c> header.
    /// </summary>
    public bool TimeTravel { get; set; }

    /// <summary>Faults by symbol, e.g. <c>IBM=http-500:2</c> (the first two requests for IBM) or <c>MSFT=negative-price</c>.</summary>
    public Dictionary<string, string> Faults { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Symbols it knows nothing about (answered with <c>Error Message</c>), besides malformed ones.</summary>
    public List<string> UnknownSymbols { get; set; } = [];
}
