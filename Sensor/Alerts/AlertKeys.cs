using System.Text.Json;

namespace MarketAspire.Sensor.Alerts;

public static class AlertKeys
{
    /// <summary>A kind as stored and sent: snake_case (<c>asset_overdue</c>).</summary>
    public static string Name(AlertKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    public static AlertKind Parse(string stored) =>
        Enum.GetValues<AlertKind>().Single(k => Name(k) == stored);

    public static string Of(AlertKind kind, params string[] parts) => string.Join(":", [Name(kind), .. parts]);
}
