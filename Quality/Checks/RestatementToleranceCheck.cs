using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// ERROR: no bar older than the minimum age restated by more than the tolerance. A vendor rewriting old history (a
/// missed split, a changed adjustment, a bad feed) stops the pipeline for a human instead of flowing into every series.
/// </summary>
public sealed class RestatementToleranceCheck : IAssetCheck
{
    public AssetCheckDefinition Definition => MarketChecks.RestatementTolerance;

    public IReadOnlyList<string> Statements => [Restatements.Summary, Restatements.Largest];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var settings = context.Settings;
        var oldest = Restatements.TradingDaysBefore(context.Partition, settings.RestatementMinAgeDays);
        var (count, largest, listed) = await Restatements.FindAsync(context, oldest, settings.RestatementTolerancePercent, ct);
        var rule = $"more than {settings.RestatementTolerancePercent}% on bars of {oldest:yyyy-MM-dd} or earlier";
        return new CheckResult(
            count == 0,
            count == 0 ? $"no bar restated by {rule}" : $"{count} bars restated by {rule}; largest: {listed[0]}",
            new Dictionary<string, object?>
            {
                ["tolerance_percent"] = settings.RestatementTolerancePercent,
                ["oldest_bar_checked"] = oldest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["restated_bars"] = count,
                ["largest_change_percent"] = largest,
                ["offending"] = listed,
            },
            listed);
    }
}
