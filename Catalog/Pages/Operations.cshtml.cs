using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>The freshness sensor's latest evaluation and the alerts open now, as recorded in market_meta.</summary>
public sealed class OperationsModel(CatalogReader reader) : CatalogPageModel
{
    /// <summary>Alerts shown at most; the page says when there are more.</summary>
    public const int Limit = 100;

    public IReadOnlyList<SensorVerdict> Verdicts { get; private set; } = [];
    public IReadOnlyList<OpenAlert> Alerts { get; private set; } = [];
    public bool MoreAlerts { get; private set; }

    public DateTimeOffset? EvaluatedAt => Verdicts.Count == 0 ? null : Verdicts[0].EvaluatedAt;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Verdicts = await reader.LatestSensorVerdictsAsync(ct);
        var alerts = await reader.OpenAlertsAsync(Limit + 1, ct);
        MoreAlerts = alerts.Count > Limit;
        Alerts = MoreAlerts ? [.. alerts.Take(Limit)] : alerts;
        return Page();
    }
}
