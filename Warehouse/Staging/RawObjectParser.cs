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
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, $"object rejected: {result.ObjectError}", entry.Describe(body)));
            }

            return result;
        }

        if (!Symbols.BodyMatches(bodySymbol, symbol))
        {
            var reason = $"symbol in the body '{bodySymbol ?? "(missing)"}' differs from the object's symbol '{symbol}'";
            foreach (var entry in entries)
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, reason, entry.Describe(body)));
            }

            return result;
        }

        result.Rows.Capacity = entries.Count;
        var seen = new HashSet<string>(entries.Count, StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!seen.Add(entry.Date))
            {
                duplicates.Add(entry.Date);
            }
        }

        foreach (var entry in entries)
        {
            if (duplicates.Contains(entry.Date))
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, "price_date appears more than once in the object; no way to tell which is right", entry.Describe(body)));
                continue;
            }

            var (row, reject) = Validate(entry, body, symbol, partition);
            if (reject is not null)
            {
                result.RejectedRows.Add(new RejectedRow(key, entry.Date, reject, entry.Describe(body)));
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

    private static (PriceRow Row, string? Reject) Validate(Entry entry, ReadOnlySpan<byte> body, string symbol, DailyPartition partition)
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

        // The values are read from the body's bytes; a string is made only for a reject's message.
        Span<decimal> prices = stackalloc decimal[4];
        Span<char> chars = stackalloc char[TextSlice.MaxChars];
        for (var i = 0; i < 4; i++)
        {
            var slice = entry.Values[i];
            if (!slice.Present)
            {
                return (default, $"missing field \"{Fields[i]}\"");
            }

            if (!decimal.TryParse(slice.Chars(body, chars), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
            {
                return (default, $"\"{Fields[i]}\" is not a number: '{slice.Text(body)}'");
            }

            if (Math.Abs(price) > MaxPrice || Math.Round(price, 4) != price)
            {
                return (default, $"\"{Fields[i]}\" '{slice.Text(body)}' does not fit NUMERIC(18,4)");
            }

            prices[i] = price;
        }

        var volumeSlice = entry.Values[4];
        if (!volumeSlice.Present)
        {
            return (default, $"missing field \"{Fields[4]}\"");
        }

        if (!long.TryParse(volumeSlice.Chars(body, chars), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var volume))
        {
            var volumeText = volumeSlice.Text(body);
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
                    entry.Values[field] = TextSlice.Of(ref reader);
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
        private FieldSlices _values;

        public string Date { get; } = date;
        public Span<TextSlice> Values => _values;
        public string? Malformed { get; set; }

        public string Describe(ReadOnlySpan<byte> body)
        {
            var fields = new List<string>(Fields.Length);
            for (var i = 0; i < Fields.Length; i++)
            {
                if (Values[i].Present)
                {
                    fields.Add($"\"{Fields[i]}\": \"{Values[i].Text(body)}\"");
                }
            }

            var text = $"\"{Date}\": {{{string.Join(", ", fields)}}}";
            return text.Length > 300 ? text[..300] + "…" : text;
        }
    }

    [System.Runtime.CompilerServices.InlineArray(5)]
    private struct FieldSlices
    {
        private TextSlice _first;
    }

    /// <summary>
    /// Where a value's text is in the body (a string's content or a number's digits), so no string is made for a valid
    /// value; an escaped string (rare) is unescaped once and kept.
    /// </summary>
    private readonly record struct TextSlice(int Start, int Length, string? Unescaped, bool Present = true)
    {
        /// <summary>Longer values are read through a string: no number that fits NUMERIC(18,4) or BIGINT comes close.</summary>
        public const int MaxChars = 64;

        public static TextSlice Of(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
            {
                return new TextSlice(0, 0, reader.GetString() ?? "");
            }

            // A string's content starts after its opening quote; a number's at the token.
            var start = (int)reader.TokenStartIndex + (reader.TokenType == JsonTokenType.String ? 1 : 0);
            return new TextSlice(start, reader.ValueSpan.Length, null);
        }

        public string Text(ReadOnlySpan<byte> body) => Unescaped ?? Encoding.UTF8.GetString(body.Slice(Start, Length));

        /// <summary>The text as characters, in <paramref name="buffer"/> when it fits.</summary>
        public ReadOnlySpan<char> Chars(ReadOnlySpan<byte> body, Span<char> buffer) =>
            Unescaped is not null ? Unescaped
            : Encoding.UTF8.GetMaxCharCount(Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetChars(body.Slice(Start, Length), buffer)]
            : Text(body);
    }
}
