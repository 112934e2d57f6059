namespace MarketAspire.AssetGraph.Graph;

/// <summary>
/// When a trading day's partition of an asset must have landed, in New York wall-clock time on that day: WARN after
/// <see cref="WarnAfter"/>, ERROR after <see cref="ErrorAfter"/>. Only NYSE trading days have deadlines. An early close
/// (13:00) does not move them: the day's run is scheduled at the same time as on a full day, so an earlier deadline
/// would alert on every early close; data that is ready earlier is never late by a later deadline.
/// </summary>
public sealed record FreshnessDeadline
{
    public FreshnessDeadline(TimeOnly warnAfter, TimeOnly errorAfter)
    {
        if (errorAfter < warnAfter)
        {
            throw new ArgumentException($"A freshness deadline's ERROR time ({errorAfter:HH\\:mm}) comes before its WARN time ({warnAfter:HH\\:mm}).", nameof(errorAfter));
        }

        WarnAfter = warnAfter;
        ErrorAfter = errorAfter;
    }

    public TimeOnly WarnAfter { get; }

    public TimeOnly ErrorAfter { get; }
}
