using System.Text.Json;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// Counts the date entries of a raw object straight from its bytes, apart from <see cref="RawObjectParser"/>, so that
/// "raw rows = staged rows + rejected rows" compares two independent counts instead of one count with itself.
/// </summary>
public static class RawRowCounter
{
    private static ReadOnlySpan<byte> SeriesProperty => "Time Series (Daily)"u8;

    /// <summary>Entries under "Time Series (Daily)" (0 for a body without one), or null when the bytes are not JSON.</summary>
    public static int? Count(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var count = 0;
        var inSeries = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.CurrentDepth == 1)
                {
                    inSeries = reader.ValueTextEquals(SeriesProperty);
                }
                else if (inSeries && reader.CurrentDepth == 2)
                {
                    count++;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return count;
    }
}
