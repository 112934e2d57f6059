using System.Text;
using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Records;
using MarketAspire.Sensor.Alerts;
using MarketAspire.Sensor.Records;

namespace MarketAspire.Tests.Operations;

public class AlertModelTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-03-06T23:40:00Z");

    private static RunOutcome Run(string job, string status, string? kind) => new(job, $"run-{job}", status, status == RunStatus.Failed ? "boom" : null, kind, At);

    [Fact]
    public void A_run_alert_is_keyed_by_its_service_and_kind_and_a_run_failed_by_its_checks_is_left_to_the_checks_alerts()
    {
        var observation = AlertConditions.Observe(MarketAssets.Graph, [], [],
        [
            Run("extractor", RunStatus.Failed, "quota_spent"),
            Run("warehouse", RunStatus.Failed, "abandoned"),
            Run("quality", RunStatus.Failed, "checks_failed"),
            Run("backfill", RunStatus.Failed, "failed"), // not a service of the graph: its services' runs tell it
        ]);

        Assert.Equal(["quota_spent:extractor", "run_abandoned:warehouse"], observation.Active.Select(a => a.Key));
        Assert.Contains("run_failed:quality", observation.Observed);
    }

    [Fact]
    public void A_condition_opens_once_escalates_once_and_clears_only_when_observed_to_be_gone()
    {
        Alert Overdue(CheckSeverity severity) => new("asset_overdue:fct_stock_prices:2026-03-06", AlertKind.AssetOverdue, severity, "late", new Dictionary<string, object?>());
        var warn = Overdue(CheckSeverity.Warn);
        var observed = new HashSet<string> { warn.Key };
        Dictionary<string, OpenAlert> Stored(CheckSeverity severity) => new() { [warn.Key] = new OpenAlert(warn.Key, AlertKind.AssetOverdue, severity, "late") };

        Assert.Equal(AlertChange.Opened, Assert.Single(AlertTransitions.Diff(new([warn], observed), new Dictionary<string, OpenAlert>(), At)).Change);
        Assert.Empty(AlertTransitions.Diff(new([warn], observed), Stored(CheckSeverity.Warn), At));
        Assert.Equal(AlertChange.Escalated, Assert.Single(AlertTransitions.Diff(new([Overdue(CheckSeverity.Error)], observed), Stored(CheckSeverity.Warn), At)).Change);
        Assert.Empty(AlertTransitions.Diff(new([Overdue(CheckSeverity.Warn)], observed), Stored(CheckSeverity.Error), At));
        Assert.Equal(AlertChange.Cleared, Assert.Single(AlertTransitions.Diff(new([], observed), Stored(CheckSeverity.Error), At)).Change);
        Assert.Empty(AlertTransitions.Diff(new([], new HashSet<string>(), new DateOnly(2026, 3, 6)), Stored(CheckSeverity.Error), At)); // in the window, not looked at: left open
    }

    [Fact]
    public void An_open_alert_whose_partition_left_the_window_expires_and_a_runs_alert_never_does()
    {
        var stored = new Dictionary<string, OpenAlert>
        {
            ["asset_overdue:fct_stock_prices:2026-03-06"] = new("asset_overdue:fct_stock_prices:2026-03-06", AlertKind.AssetOverdue, CheckSeverity.Error, "late"),
            ["check_failed:ohlc_consistency:2026-03-05"] = new("check_failed:ohlc_consistency:2026-03-05", AlertKind.CheckFailed, CheckSeverity.Error, "bad"),
            ["run_failed:market_data"] = new("run_failed:market_data", AlertKind.RunFailed, CheckSeverity.Error, "failed"),
        };

        var transitions = AlertTransitions.Diff(new([], new HashSet<string>(), new DateOnly(2026, 3, 9)), stored, At);

        Assert.Equal(["asset_overdue:fct_stock_prices:2026-03-06 Expired", "check_failed:ohlc_consistency:2026-03-05 Expired"],
            transitions.Select(t => $"{t.Alert.Key} {t.Change}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Text_is_cut_to_a_number_of_utf8_bytes_at_a_character_boundary()
    {
        Assert.Equal("abc", Utf8Text.Truncate("abc", 3));
        Assert.Equal("ab", Utf8Text.Truncate("abé", 3)); // é is 2 bytes
        Assert.Equal("a", Utf8Text.Truncate("a\U0001F600", 4)); // the emoji is 4 bytes, a surrogate pair: never half of it
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(Utf8Text.Truncate(new string('é', 1000), 1024)));
    }

    [Fact]
    public void The_slack_body_is_one_text_with_the_title_and_the_offending_rows()
    {
        var alert = new Alert("check_failed:ohlc_consistency:2026-03-06", AlertKind.CheckFailed, CheckSeverity.Error,
            "check ohlc_consistency failed on 2026-03-06: 1 of 8 bars inconsistent",
            new Dictionary<string, object?> { ["offending"] = new List<string> { "IBM 2026-03-06: low -1" } });
        var message = Assert.Single(AlertMessage.Batch([new AlertTransition(AlertChange.Opened, alert, At)], stormThreshold: 10));

        using var body = JsonDocument.Parse(AlertPayloads.Render(message, WebhookFormat.Slack));

        Assert.Equal(
            "MarketAspire: [ERROR] opened: check ohlc_consistency failed on 2026-03-06: 1 of 8 bars inconsistent\n" +
            "offending rows of check_failed:ohlc_consistency:2026-03-06: IBM 2026-03-06: low -1",
            body.RootElement.GetProperty("text").GetString());
        Assert.Single(body.RootElement.EnumerateObject());
    }
}
