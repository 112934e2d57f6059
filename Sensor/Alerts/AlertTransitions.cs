using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Sensor.Alerts;

/// <summary>An alert as stored while open.</summary>
public sealed record OpenAlert(string Key, AlertKind Kind, CheckSeverity Severity, string Summary);

public static class AlertTransitions
{
    /// <summary>
    /// What changed since the stored state: conditions that started (opened), rose from WARN to ERROR (escalated), or
    /// were observed and no longer hold (cleared), or whose partition left the window while open (expired). A condition that still holds, or a key not observed, changes nothing.
    /// </summary>
    public static IReadOnlyList<AlertTransition> Diff(AlertObservation observation, IReadOnlyDictionary<string, OpenAlert> open, DateTimeOffset at)
    {
        var transitions = new List<AlertTransition>();
        foreach (var alert in observation.Active)
        {
            if (!open.TryGetValue(alert.Key, out var stored))
            {
                transitions.Add(new(AlertChange.Opened, alert, at));
            }
            else if (alert.Severity > stored.Severity)
            {
                transitions.Add(new(AlertChange.Escalated, alert, at));
            }
        }

        var active = observation.Active.Select(a => a.Key).ToHashSet();
        foreach (var stored in open.Values.Where(o => observation.Observed.Contains(o.Key) && !active.Contains(o.Key)))
        {
            transitions.Add(new(AlertChange.Cleared,
                new Alert(stored.Key, stored.Kind, stored.Severity, stored.Summary, new Dictionary<string, object?>()), at));
        }

        foreach (var stored in open.Values.Where(o => !observation.Observed.Contains(o.Key) && BeforeWindow(o.Key, observation.WindowStart)))
        {
            transitions.Add(new(AlertChange.Expired,
                new Alert(stored.Key, stored.Kind, stored.Severity, stored.Summary, new Dictionary<string, object?>()), at));
        }

        return transitions;
    }

    // A partition's key ends with its date (asset_overdue:fct_stock_prices:2026-03-06); a run's key names no date.
    private static bool BeforeWindow(string key, DateOnly? windowStart) =>
        windowStart is { } start
        && DateOnly.TryParseExact(key[(key.LastIndexOf(':') + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
        && date < start;
}
