using System.Globalization;
using System.Text.Json;

namespace MarketAspire.Extractor;

/// <summary>
/// Finds the day a daily series moved the way a split moves it: a close below 70 % or above 140 % of the day before's
/// (a 3:2 split leaves 67 %, a 1:2 reverse split 200 %). Such a day makes the symbol's corporate actions due at once.
/// </summary>
public static class SplitLikeGaps
{
    public const decimal Below = 0.7m;
    public const decimal Above = 1.4m;

    /// <summary>The latest such day in a TIME_SERIES_DAILY body, or null (none, or not a daily series).</summary>
    public static DateOnly? Latest(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("Time Series (Daily)", out var series) || series.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var closes = new SortedList<DateOnly, decimal>();
            foreach (var day in series.EnumerateObject())
            {
                if (DateOnly.TryParseExact(day.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) &&
                    day.Value.TryGetProperty("4. close", out var close) &&
                    decimal.TryParse(close.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
                {
                    closes[date] = value;
                }
            }

            for (var i = closes.Count - 1; i > 0; i--)
            {
                var ratio = closes.Values[i] / closes.Values[i - 1];
                if (ratio < Below || ratio > Above)
                {
                    return closes.Keys[i];
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
