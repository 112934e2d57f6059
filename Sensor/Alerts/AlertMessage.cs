namespace MarketAspire.Sensor.Alerts;

/// <summary>
/// What one delivery carries: one transition, or for a storm (more transitions in one evaluation than the threshold)
/// the first few of them, how many there were in all and of which kinds.
/// </summary>
public sealed record AlertMessage(IReadOnlyList<AlertTransition> Transitions, int Total, string Breakdown)
{
    public const int StormSample = 5;

    public bool IsStorm => Total > Transitions.Count;

    public string Title => IsStorm
        ? $"MarketAspire: {Total} alert changes ({Breakdown}); the first {Transitions.Count} follow"
        : $"MarketAspire: {Line(Transitions[0])}";

    public static string Line(AlertTransition t) =>
        $"[{t.Alert.Severity.ToString().ToUpperInvariant()}] {t.Change.ToString().ToLowerInvariant()}: {t.Alert.Summary}";

    /// <summary>One message per transition, or one for all when there are more than <paramref name="stormThreshold"/>.</summary>
    public static IReadOnlyList<AlertMessage> Batch(IReadOnlyList<AlertTransition> transitions, int stormThreshold) =>
        transitions.Count > stormThreshold
            ? [new AlertMessage(transitions.Take(StormSample).ToList(), transitions.Count, BreakdownOf(transitions))]
            : [.. transitions.Select(t => new AlertMessage([t], 1, BreakdownOf([t])))];

    private static string BreakdownOf(IReadOnlyList<AlertTransition> transitions) =>
        string.Join(", ", transitions.GroupBy(t => (t.Alert.Kind, t.Change))
            .Select(g => $"{g.Count()} {AlertKeys.Name(g.Key.Kind)} {g.Key.Change.ToString().ToLowerInvariant()}"));
}
