using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketAspire.Extractor.MarketApi;

namespace MarketAspire.Extractor;

/// <summary>The extractor's telemetry: its spans, and how the market API answered (by outcome) and how often with a quota message.</summary>
public sealed class ExtractorMetrics
{
    public const string Name = "MarketAspire.Extractor";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _responses;
    private readonly Counter<long> _quotaResponses;

    public ExtractorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _responses = meter.CreateCounter<long>("marketaspire.api.responses", "{response}", "Market API responses, by outcome.");
        _quotaResponses = meter.CreateCounter<long>("marketaspire.api.quota_responses", "{response}", "Market API quota messages (per-minute rate or daily quota).");
    }

    /// <summary>Counts one request that reached the API (a request the client-side limit held back is not one).</summary>
    public void Responded(ApiOutcome outcome)
    {
        if (outcome == ApiOutcome.ClientLimitReached)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>("outcome", outcome.ToString());
        _responses.Add(1, tag);
        if (outcome is ApiOutcome.RateLimited or ApiOutcome.DailyQuotaSpent)
        {
            _quotaResponses.Add(1, tag);
        }
    }
}
