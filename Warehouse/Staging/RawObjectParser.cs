using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// Parses one Alpha Vantage TIME_SERIES_DAILY object with <see cref="Utf8JsonReader"/> and validates every entry.
/// Nothing is dropped: each date entry becomes a row or a rejected row with its reason; a body that is not a daily
/// series rejects the object whole (and any entries read before the problem with it).
/// </summary>
public static class RawObjectParser
{
    private const string SeriesProperty = "Time Series (Daily)";
    private static readonly string[] Fields = ["1. open", "2. high", "3. low", "4. close", "5. volume"];

    // NUMERIC(18,4): 14 digits before the point.
    private const decimal MaxPrice = 99_999_999_999_999.9999m;

    public static ParsedObject Parse(string key, string symbol, string sha256, ReadOnlySpan<byte> body, DailyPartition partition)
    {
        var result = new ParsedObject(key, symbol, sha256, body.Length);
        var entries = new List<Entry>();
        string? bodySymbol = null;
        string? message = null;
        var sawSeries = false;

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                result.ObjectError = "not a JSON object";
            }
            else
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "Meta Data" when reader.TokenType == JsonTokenType.StartObject:
                            bodySymbol = ReadMetaSymbol(ref reader);
                            break;
                        case SeriesProperty when reader.TokenType == JsonTokenType.StartObject:
                            sawSeries = true;
                            ReadSeries(ref reader, entries);
                            break;
                        case "Note" or "Information" or "Error Message":
                            message = $"{name}: {Text(ref reader)}";
                            reader.Skip();
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }

                if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                {
                    result.ObjectError = "unexpected content after the top-level object";
                }
            }
        }
        catch (JsonException ex)
        {
            result.ObjectError = $"invalid JSON (truncated or corrupt) at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine} of {body.Length}";
        }

        result.ObjectError ??= message is not null ? $"an API message, not a daily series ({message})"
            : !sawSeries ? $"no \"{SeriesProperty}\" object"
            : null;

        if (result.ObjectError is not null)
        {
            foreach (var entry in entries)
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, $"object rejected: {result.ObjectError}", entry.Describe()));
            }

            return result;
        }

        if (!Symbols.BodyMatches(bodySymbol, symbol))
        {
            var reason = $"symbol in the body '{bodySymbol ?? "(missing)"}' differs from the object's symbol '{symbol}'";
            foreach (var entry in entries)
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, reason, entry.Describe()));
            }

            return result;
        }

        var duplicates = entries.GroupBy(e => e.Date).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var entry in entries)
        {
            if (duplicates.Contains(entry.Date))
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, "price_date appears more than once in the object; no way to tell which is right", entry.Describe()));
                continue;
            }

            var (row, reject) = Validate(entry, symbol, partition);
            if (reject is not null)
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, reject, entry.Describe()));
            }
            else
            {
                result.Rows.Add(row);
            }
        }

        // Alpha Vantage lists the newest day first; staged rows go out oldest first (see KeyRanges for why).
        result.Rows.Sort(static (a, b) => a.PriceDate.CompareTo(b.PriceDate));
        return result;
    }

    private static (PriceRow Row, string? Reject) Validate(Entry entry, string symbol, DailyPartition partition)
    {
        if (!DateOnly.TryParseExact(entry.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (default, $"price_date '{entry.Date}' is not a date (YYYY-MM-DD)");
        }

        if (date > partition.Date)
        {
            return (default, $"price_date {entry.Date} is after the landing date {partition.Key}");
        }

        if (entry.Malformed is not null)
        {
            return (default, entry.Malformed);
        }

        var prices = new decimal[4];
        for (var i = 0; i < 4; i++)
        {
            var text = entry.Values[i];
            if (text is null)
            {
                return (default, $"missing field \"{Fields[i]}\"");
            }

            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
            {
                return (default, $"\"{Fields[i]}\" is not a number: '{text}'");
            }

            if (Math.Abs(price) > MaxPrice || Math.Round(price, 4) != price)
            {
                return (default, $"\"{Fields[i]}\" '{text}' does not fit NUMERIC(18,4)");
            }

            prices[i] = price;
        }

        var volumeText = entry.Values[4];
        if (volumeText is null)
        {
            return (default, $"missing field \"{Fields[4]}\"");
        }

        if (!long.TryParse(volumeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var volume))
        {
            var digits = volumeText.TrimStart('-').All(char.IsAsciiDigit) && volumeText.Length > 0;
            return (default, digits
                ? $"\"{Fields[4]}\" '{volumeText}' does not fit BIGINT"
                : $"\"{Fields[4]}\" is not a whole number: '{volumeText}'");
        }

        return (new PriceRow(symbol, date, prices[0], prices[1], prices[2], prices[3], volume), null);
    }

    private static string? ReadMetaSymbol(ref Utf8JsonReader reader)
    {
        string? symbol = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSymbol = reader.ValueTextEquals("2. Symbol");
            reader.Read();
            if (isSymbol && reader.TokenType == JsonTokenType.String)
            {
                symbol = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return symbol;
    }

    private static void ReadSeries(ref Utf8JsonReader reader, List<Entry> entries)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var entry = new Entry(reader.GetString()!);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                entry.Malformed = $"the entry is a {reader.TokenType}, not an object";
                reader.Skip();
                entries.Add(entry);
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldIndex(ref reader);
                reader.Read();
                if (field < 0)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    entry.Values[field] = Text(ref reader);
                }
                else
                {
                    entry.Malformed ??= $"\"{Fields[field]}\" is a {reader.TokenType}, not a string";
                    reader.Skip();
                }
            }

            entries.Add(entry);
        }
    }

    private static int FieldIndex(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            if (reader.ValueTextEquals(Fields[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Text(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String
        ? reader.GetString() ?? ""
        : Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);

    private sealed class Entry(string date)
    {
        public string Date { get; } = date;
        public string?[] Values { get; } = new string?[5];
        public string? Malformed { get; set; }

        public string Describe()
        {
            var fields = Fields.Select((f, i) => Values[i] is { } v ? $"\"{f}\": \"{v}\"" : null).Where(f => f is not null);
            var text = $"\"{Date}\": {{{string.Join(", ", fields)}}}";
            return text.Length > 300 ? text[..300] + "…" : text;
        }
    }
}
