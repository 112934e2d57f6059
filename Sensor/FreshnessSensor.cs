using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Records;
using MarketAspire.Sensor.Alerts;
using MarketAspire.Sensor.Delivery;
using MarketAspire.Sensor.Records;

namespace MarketAspire.Sensor;

/// <summary>What one evaluation did.</summary>
public sealed record SensorReport(int Evaluated, int Overdue, int Opened, int Escalated, int Cleared, int Messages, int DeadLetters);

/// <summary>
/// One evaluation, whether or not any job ran: the deadlines of the last trading days against the materializations in
/// <c>market_meta</c> (recorded as sensor evaluations), then the alerts (overdue assets, failed ERROR checks, failed,
/// quota-spent and abandoned runs) against their stored state (an open alert whose partition left the window expires); what changed is delivered, then stored, so a crash in
/// between sends it again rather than never.
/// </summary>
/// <remarks>
/// It judges each asset partition as a whole. Once the security master says which symbols a day expects, a per-symbol
/// deadline (and a delisted symbol that never alerts) belongs in <see cref="AlertConditions"/>, fed by that list.
/// </remarks>
public sealed class FreshnessSensor(
    AssetGraphDefinition graph, MetaStore meta, OperationsStore store, AlertDelivery delivery, SensorSettings settings, TimeProvider time, ILogger<FreshnessSensor> logger)
{
    public async Task<SensorReport> EvaluateAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = new FreshnessLookback(now, settings.LookbackTradingDays).Partitions;
        var materializations = await meta.LatestMaterializationsAsync(window[0], window[^1], ct);
        var landed = materializations.Where(m => m.Status == RunStatus.Succeeded).Select(m => (m.Asset, m.Partition)).ToHashSet();
        var statuses = FreshnessEvaluator.Evaluate(graph, window, now, (asset, partition) => landed.Contains((asset, partition)));
        await store.RecordEvaluationsAsync(now, statuses, ct);

        // No job may run after a crashed one, so the sensor itself marks the runs whose heartbeat stopped (as the jobs do).
        await meta.FailAbandonedRunsAsync(now - settings.StaleAfter, ct);
        var observation = AlertConditions.Observe(graph, statuses,
            await store.LatestCheckEvaluationsAsync(window[0], window[^1], ct),
            await store.LatestRunsAsync(FreshnessEvaluator.At(window[0].Date, TimeOnly.MinValue), ct),
            window[0].Date);
        var transitions = AlertTransitions.Diff(observation, await store.OpenAlertsAsync(ct), now);
        var messages = AlertMessage.Batch(transitions, settings.StormThreshold);
        var deadLetters = await delivery.DeliverAsync(messages, ct);
        await store.ApplyAsync(transitions, ct);

        var report = new SensorReport(statuses.Count, statuses.Count(s => s.Level != FreshnessLevel.Ok),
            transitions.Count(t => t.Change == AlertChange.Opened), transitions.Count(t => t.Change == AlertChange.Escalated),
            transitions.Count(t => t.Change is AlertChange.Cleared or AlertChange.Expired), messages.Count, deadLetters);
        SensorLog.Evaluated(logger, report.Evaluated, report.Overdue, report.Opened, report.Escalated, report.Cleared, report.DeadLetters);
        return report;
    }
}
