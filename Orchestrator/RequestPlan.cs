using MarketAspire.JobHosting.Configuration;
using System.Globalization;
using MarketAspire.Extractor.MarketApi;

namespace MarketAspire.Orchestrator;

/// <summary>
/// What a command will spend before it spends it: API requests (one per symbol and partition to extract; retries
/// come on top), the time the client-side rate limit makes that take, and the days the daily quota spreads it over.
/// </summary>
public sealed record RequestPlan(int Requests, int RequestsPerMinute, int RequestsPerDay)
{
    public static RequestPlan For(int requests, MarketApiSettings api) => new(requests, api.RequestsPerMinute, api.RequestsPerDay);

    /// <summary>The corporate-action requests of a plan, at most: none for a symbol whose lists landed within the week.</summary>
    public static string CorporateActions(int requests) =>
        requests > 0 ? $" + up to {requests} for corporate actions (SPLITS and DIVIDENDS, once a week per symbol)" : "";

    /// <summary>The LISTING_STATUS requests of a plan, at most: none for a landing date whose lists landed already.</summary>
    public static string Listings(int requests) =>
        requests > 0 ? $" + up to {requests} for LISTING_STATUS (active and delisted, once per landing date)" : "";

    /// <summary>At the per-minute limit, evenly spaced, at best.</summary>
    public TimeSpan Duration => TimeSpan.FromMinutes(Math.Max(0, Requests - 1) / (double)RequestsPerMinute);

    /// <summary>Days of quota it needs; 1 without a client-side daily limit.</summary>
    public int Days => RequestsPerDay > 0 ? Math.Max(1, (Requests + RequestsPerDay - 1) / RequestsPerDay) : 1;

    public bool ExceedsDailyQuota => RequestsPerDay > 0 && Requests > RequestsPerDay;

    public string Describe(string what)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"plan: {what} = {Requests} API request(s) (retries come on top), at least {Format(Duration)} at {RequestsPerMinute} requests/minute ({SettingKeys.MarketApiRequestsPerMinute})");
        return RequestsPerDay <= 0
            ? line
            : line + string.Create(CultureInfo.InvariantCulture,
                $"; {(ExceedsDailyQuota ? $"more than a day's quota of {RequestsPerDay} ({SettingKeys.MarketApiRequestsPerDay}): {Days} days of it" : $"within a day's quota of {RequestsPerDay}")}");
    }

    /// <summary>Why the command does not start without <c>--yes</c>, or null.</summary>
    public string? RefusalWithoutConsent(bool yes) => ExceedsDailyQuota && !yes
        ? $"not started: {Requests} requests need {Days} days of the daily quota. Add --yes to start anyway: it stops cleanly when the day's quota " +
          "is spent, and the same command the next day resumes where it stopped."
        : null;

    private static string Format(TimeSpan duration) =>
        duration.TotalHours >= 1 ? $"{(int)duration.TotalHours}h{duration.Minutes:00}m" : $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s";
}
