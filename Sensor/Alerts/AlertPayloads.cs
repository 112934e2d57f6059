using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketAspire.Sensor.Alerts;

public enum WebhookFormat
{
    /// <summary>The alert model as JSON: title, total, and each transition with its key, kind, severity and details.</summary>
    Json,

    /// <summary>A Slack incoming webhook's body (<c>{"text": ...}</c>), which Slack-compatible receivers (Mattermost, Teams' Slack mode) accept.</summary>
    Slack,
}

public static class AlertPayloads
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Render(AlertMessage message, WebhookFormat format) =>
        (format == WebhookFormat.Slack ? Slack(message) : Json(message)).ToJsonString(Options);

    public static JsonObject Json(AlertMessage message) => new()
    {
        ["source"] = "marketaspire",
        ["title"] = message.Title,
        ["total"] = message.Total,
        ["breakdown"] = message.Breakdown,
        ["alerts"] = new JsonArray([.. message.Transitions.Select(t => (JsonNode)new JsonObject
        {
            ["key"] = t.Alert.Key,
            ["kind"] = AlertKeys.Name(t.Alert.Kind),
            ["severity"] = t.Alert.Severity.ToString().ToUpperInvariant(),
            ["change"] = t.Change.ToString().ToLowerInvariant(),
            ["summary"] = t.Alert.Summary,
            ["at"] = t.At,
            ["details"] = JsonSerializer.SerializeToNode(t.Alert.Details, Options),
        })]),
    };

    private static JsonObject Slack(AlertMessage message) => new() { ["text"] = Text(message) };

    /// <summary>The message as lines of text: the title, a storm's first few, and the failed checks' offending rows.</summary>
    public static string Text(AlertMessage message)
    {
        var lines = new List<string> { message.Title };
        if (message.IsStorm)
        {
            lines.AddRange(message.Transitions.Select(t => "• " + AlertMessage.Line(t)));
        }

        lines.AddRange(message.Transitions
            .Where(t => t.Alert.Details.TryGetValue("offending", out var rows) && rows is IReadOnlyList<string> { Count: > 0 })
            .Select(t => $"offending rows of {t.Alert.Key}: " + string.Join("; ", (IReadOnlyList<string>)t.Alert.Details["offending"]!)));
        return string.Join("\n", lines);
    }
}
