using System.Globalization;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Warehouse.CorporateActions;

public sealed record SplitRow(string Symbol, DateOnly EffectiveDate, decimal Factor);

public sealed record DividendRow(string Symbol, DateOnly ExDividendDate, decimal Amount, DateOnly? DeclarationDate, DateOnly? RecordDate, DateOnly? PaymentDate);

/// <summary>What one SPLITS or DIVIDENDS object yielded: every entry is a row or a rejected row with its reason.</summary>
public sealed class ParsedActions(string key, string symbol, CorporateActionKind kind)
{
    public string Key { get; } = key;
    public string Symbol { get; } = symbol;
    public CorporateActionKind Kind { get; } = kind;
    public List<SplitRow> Splits { get; } = [];
    public List<DividendRow> Dividends { get; } = [];
    public List<RejectedRow> Rejected { get; } = [];

    /// <summary>Why the object as a whole was rejected (a message body, not a list, another symbol), or null.</summary>
    public string? ObjectError { get; set; }

    public int Rows => Splits.Count + Dividends.Count;
}

/// <summary>
/// Parses and validates Alpha Vantage's <c>{"symbol": ..., "data": [...]}</c> lists. A factor of 0 or below, a negative
/// amount, a missing or malformed date, a split after the landing date, and two splits on one date with different
/// factors (every occurrence) are rejected with the reason; the rest of the list still loads. Declared dividends (an
/// ex-date after the landing date) and two different dividends on one date are kept; an exact repeat is kept once.
/// </summary>
public static class CorporateActionsParser
{
    public const decimal MinimumSplitFactor = 0.000000000001m;

    public static ParsedActions Parse(string key, string symbol, CorporateActionKind kind, ReadOnlyMemory<byte> body, DailyPartition partition)
    {
        var parsed = new ParsedActions(key, symbol, kind);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            parsed.ObjectError = $"invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}";
            return parsed;
        }

        using (document)
        {
            var root = document.RootElement;
            parsed.ObjectError = ObjectProblem(root, symbol, kind);
            if (parsed.ObjectError is not null)
            {
                return parsed;
            }

            var dateField = kind == CorporateActionKind.Splits ? "effective_date" : "ex_dividend_date";
            var entries = root.GetProperty("data").EnumerateArray().ToList();
            // Two splits on one date with different factors contradict each other; two dividends on one date are both paid
            // (a regular and a special one). An exact repeat is one entry.
            var duplicated = kind == CorporateActionKind.Splits
                ? entries.GroupBy(e => Text(e, dateField)).Where(g => g.Key is not null && g.Select(e => Number(e, "split_factor")).Distinct().Count() > 1).Select(g => g.Key).ToHashSet()
                : [];
            foreach (var entry in entries)
            {
                var dateText = Text(entry, dateField);
                var reason = EntryProblem(entry, kind, dateField, dateText, duplicated, partition, out var date);
                if (reason is not null)
                {
                    parsed.Rejected.Add(new RejectedRow(key, dateText, reason, entry.GetRawText()));
                }
                else if (kind == CorporateActionKind.Splits)
                {
                    var split = new SplitRow(symbol, date, Number(entry, "split_factor")!.Value);
                    if (!parsed.Splits.Contains(split))
                    {
                        parsed.Splits.Add(split);
                    }
                }
                else
                {
                    // Stored as NUMERIC(18,6): rounded here, so an entry compares equal to what a later load reads back.
                    var dividend = new DividendRow(symbol, date, Math.Round(Number(entry, "amount")!.Value, 6, MidpointRounding.AwayFromZero),
                        Date(Text(entry, "declaration_date")), Date(Text(entry, "record_date")), Date(Text(entry, "payment_date")));
                    if (!parsed.Dividends.Contains(dividend))
                    {
                        parsed.Dividends.Add(dividend);
                    }
                }
            }
        }

        return parsed;
    }

    private static string? ObjectProblem(JsonElement root, string symbol, CorporateActionKind kind)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "not a JSON object";
        }

        foreach (var name in new[] { "Note", "Information", "Error Message" })
        {
            if (root.TryGetProperty(name, out var message))
            {
                return $"{name}: {message}";
            }
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return $"no \"data\" list: not a {kind.Function} answer";
        }

        var bodySymbol = root.TryGetProperty("symbol", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return Symbols.BodyMatches(bodySymbol, symbol) ? null : $"symbol in the body '{bodySymbol}' differs from the object's symbol '{symbol}'";
    }

    private static string? EntryProblem(
        JsonElement entry, CorporateActionKind kind, string dateField, string? dateText, HashSet<string?> duplicated, DailyPartition partition, out DateOnly date)
    {
        date = default;
        if (Date(dateText) is not { } parsedDate)
        {
            return $"{dateField} '{dateText}' is not a date (YYYY-MM-DD)";
        }

        date = parsedDate;
        // Alpha Vantage lists declared dividends ahead of their ex-date: they are facts that adjust nothing until then.
        if (date > partition.Date && kind == CorporateActionKind.Splits)
        {
            return $"{dateField} {dateText} is after the landing date {partition}";
        }

        if (duplicated.Contains(dateText))
        {
            return $"two splits on {dateText} with different factors";
        }

        if (kind == CorporateActionKind.Splits)
        {
            // The factor is kept to 18 decimals: a smaller one would be stored as 0 and every adjusted query would fail.
            return Number(entry, "split_factor") is >= MinimumSplitFactor and < 1_000_000m ? null
                : $"split_factor '{Text(entry, "split_factor")}' must be a positive number of at least {MinimumSplitFactor}";
        }

        return Number(entry, "amount") is >= 0 and < 1_000_000m ? null : $"amount '{Text(entry, "amount")}' must be a number of at least 0";
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement entry, string name) =>
        decimal.TryParse(Text(entry, name), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A date, or null for a missing one ("None" is how Alpha Vantage writes an unknown date).</summary>
    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
