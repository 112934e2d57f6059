using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality.Checks;

/// <summary>WARN: the past bars this landing changed (vendors correct late prints and adjustments), largest change first.</summary>
public sealed class RestatementCheck : IAssetCheck
{
    public AssetCheckDefinition Definition => MarketChecks.Restatement;

    public IReadOnlyList<string> Statements => [Restatements.Summary, Restatements.Largest];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var (count, largest, listed) = await Restatements.FindAsync(context, context.Partition.Date, -1m, ct);
        return new CheckResult(
            count == 0,
            count == 0 ? "no past bar changed" : $"{count} past bars changed; largest: {listed[0]}",
            new Dictionary<string, object?> { ["restated_bars"] = count, ["largest_change_percent"] = largest, ["offending"] = listed },
            listed);
    }
}
