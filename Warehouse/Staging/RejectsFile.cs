using System.Text.Json;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// A load's rejected rows as JSON lines: <c>{"key", "price_date", "reason", "text"}</c>, one per row (for corporate
/// actions, <c>price_date</c> is the entry's effective or ex-dividend date).
/// </summary>
public static class RejectsFile
{
    private static readonly JsonSerializerOptions JsonLines = new() { WriteIndented = false };

    public static byte[] Of(IEnumerable<RejectedRow> rejects)
    {
        using var buffer = new MemoryStream();
        foreach (var reject in rejects)
        {
            JsonSerializer.Serialize(buffer, new { key = reject.ObjectKey, price_date = reject.PriceDate, reason = reject.Reason, text = reject.Text }, JsonLines);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }
}
