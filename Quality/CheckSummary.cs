using System.Text;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Quality.Checks;

namespace MarketAspire.Quality;

/// <summary>The one-screen summary of a partition's checks, for the logs and the dashboard.</summary>
public static class CheckSummary
{
    public static string Render(DailyPartition partition, IReadOnlyList<CheckOutcome> outcomes)
    {
        var text = new StringBuilder();
        text.AppendLine($"Asset checks on fct_stock_prices, partition {partition}:");
        text.AppendLine($"  {"check",-18} {"severity",-8} {"result",-6} details");
        foreach (var (definition, result) in outcomes)
        {
            var verdict = result.Passed ? "pass" : definition.Severity == CheckSeverity.Error ? "FAIL" : "warn";
            text.AppendLine($"  {definition.Name,-18} {definition.Severity.ToString().ToUpperInvariant(),-8} {verdict,-6} {result.Summary}");
        }

        var errors = outcomes.Where(o => !o.Result.Passed && o.Definition.Severity == CheckSeverity.Error).ToList();
        var warnings = outcomes.Count(o => !o.Result.Passed && o.Definition.Severity == CheckSeverity.Warn);
        text.Append(errors.Count == 0
            ? $"  => PASSED ({outcomes.Count} checks, {warnings} warnings)"
            : $"  => FAILED: {string.Join("; ", errors.Select(e => $"{e.Definition.Name}: {e.Result.Summary}"))}");
        return text.ToString();
    }
}
