using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Sensor.Alerts;

public enum AlertKind
{
    AssetOverdue,
    CheckFailed,
    RunFailed,
    QuotaSpent,
    RunAbandoned,
}

/// <summary>
/// A condition that holds now. Its key names the condition (e.g. <c>check_failed:ohlc_consistency:2026-03-06</c>), so it
/// alerts once when it starts, once if it escalates from WARN to ERROR, and once when it clears.
/// </summary>
public sealed record Alert(string Key, AlertKind Kind, CheckSeverity Severity, string Summary, IReadOnlyDictionary<string, object?> Details);

public enum AlertChange
{
    Opened,
    Escalated,
    Cleared,

    /// <summary>Its partition left the sensor's window while the alert was open: no longer watched, stored as cleared.</summary>
    Expired,
}

public sealed record AlertTransition(AlertChange Change, Alert Alert, DateTimeOffset At);

/// <summary>
/// What one evaluation saw: the conditions that hold, and every key it looked at (a key not looked at stays as it is,
/// unless it names a partition before <paramref name="WindowStart"/>, which no evaluation will look at again).
/// </summary>
public sealed record AlertObservation(IReadOnlyList<Alert> Active, IReadOnlySet<string> Observed, DateOnly? WindowStart = null);
