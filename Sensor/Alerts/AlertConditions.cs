using System.Text.Json;
using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Sensor.Records;

namespace MarketAspire.Sensor.Alerts;

/// <summary>Turns what the sensor read (freshness, the checks' latest evaluations, the services' latest runs) into alerts.</summary>
public static class AlertConditions
{
    public static AlertObservation Observe(
        AssetGraphDefinition graph,
        IReadOnlyList<FreshnessStatus> freshness,
        IReadOnlyList<CheckEvaluationDetail> checks,
        IReadOnlyList<RunOutcome> runs,
        DateOnly? windowStart = null)
    {
        var active = new List<Alert>();
        var observed = new HashSet<string>();

        foreach (var status in freshness)
        {
            var key = AlertKeys.Of(AlertKind.AssetOverdue, status.Asset.Name, status.Partition.Key);
            observed.Add(key);
            if (status.Level != FreshnessLevel.Ok)
            {
                active.Add(new Alert(key, AlertKind.AssetOverdue, status.Level == FreshnessLevel.Error ? CheckSeverity.Error : CheckSeverity.Warn,
                    $"{status.Asset} {status.Partition}: {status.Describe()}",
                    new Dictionary<string, object?>
                    {
                        ["asset"] = status.Asset.Name,
                        ["partition"] = status.Partition.Key,
                        ["overdue_since"] = status.OverdueSince,
                    }));
            }
        }

        foreach (var check in checks.Where(c => c.Severity == CheckSeverity.Error))
        {
            var key = AlertKeys.Of(AlertKind.CheckFailed, check.CheckName, check.Partition.Key);
            observed.Add(key);
            if (!check.Passed)
            {
                var (summary, offending) = SummaryAndOffending(check.MetadataJson);
                active.Add(new Alert(key, AlertKind.CheckFailed, CheckSeverity.Error,
                    $"check {check.CheckName} failed on {check.Partition}: {summary}",
                    new Dictionary<string, object?>
                    {
                        ["check"] = check.CheckName,
                        ["asset"] = check.Asset.Name,
                        ["partition"] = check.Partition.Key,
                        ["summary"] = summary,
                        ["offending"] = offending,
                    }));
            }
        }

        var services = graph.Services.Select(s => s.Name).ToHashSet();
        foreach (var run in runs.Where(r => services.Contains(r.Job)))
        {
            var kind = run.FailureKind switch
            {
                _ when run.FailureKind == FailureKinds.Stored(FailureKind.QuotaSpent) => AlertKind.QuotaSpent,
                _ when run.FailureKind == FailureKinds.Stored(FailureKind.Abandoned) => AlertKind.RunAbandoned,
                _ => AlertKind.RunFailed,
            };
            foreach (var each in new[] { AlertKind.RunFailed, AlertKind.QuotaSpent, AlertKind.RunAbandoned })
            {
                observed.Add(AlertKeys.Of(each, run.Job));
            }

            // A run that failed because ERROR checks failed is told by the checks' own alerts, with their rows.
            if (run.Status == RunStatus.Failed && run.FailureKind != FailureKinds.Stored(FailureKind.ChecksFailed))
            {
                active.Add(new Alert(AlertKeys.Of(kind, run.Job), kind, CheckSeverity.Error,
                    $"{run.Job} run {run.RunId} failed: {run.Error ?? "no error recorded"}",
                    new Dictionary<string, object?> { ["job"] = run.Job, ["run_id"] = run.RunId, ["error"] = run.Error }));
            }
        }

        return new AlertObservation(active, observed, windowStart);
    }

    private static (string Summary, IReadOnlyList<string> Offending) SummaryAndOffending(string metadataJson)
    {
        using var document = JsonDocument.Parse(metadataJson);
        var root = document.RootElement;
        var summary = root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "no summary recorded";
        var offending = root.TryGetProperty("offending", out var o) && o.ValueKind == JsonValueKind.Array
            ? o.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList()
            : [];
        return (summary, offending);
    }
}
