using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.JobHosting.Listings;

/// <summary>
/// Parses Alpha Vantage's LISTING_STATUS CSV one physical line per record (RFC 4180 quoting within a line: quoted names
/// with commas; the literal <c>null</c> for no date; no field holds a line break).
/// The object is rejected whole when it is empty, an API message (JSON or HTML) or has another header; otherwise each
/// non-blank line after the header is a <see cref="ListingRow"/> or a reject with its reason: an unbalanced quote, a wrong field count, an invalid symbol, a missing
/// exchange or type, a malformed date, a status that is not the list's, an IPO after the delisting, a repeated symbol
/// (every occurrence after the first). Warrants and units come as <c>Stock</c> and are kept as the vendor states them.
/// </summary>
public static class ListingStatusParser
{
    public static readonly string[] Columns = ["symbol", "name", "exchange", "assetType", "ipoDate", "delistingDate", "status"];

    public static readonly string Header = string.Join(',', Columns);

    /// <summary>The widths of <c>market_data.dim_securities</c>' columns (Redshift counts VARCHAR in bytes).</summary>
    public const int MaxNameBytes = 512;
    public const int MaxExchangeLength = 32;
    public const int MaxTypeLength = 16;

    public static ParsedListing Parse(string key, string state, ReadOnlyMemory<byte> body)
    {
        var parsed = new ParsedListing(key, state);
        var text = Encoding.UTF8.GetString(body.Span).TrimStart('\uFEFF');
        parsed.ObjectError = ObjectProblem(text);
        if (parsed.ObjectError is not null)
        {
            return parsed;
        }

        // One physical line is one record: a LISTING_STATUS field never holds a line break, so an unclosed quote is
        // that line's reject, never a field that swallows the lines after it.
        var lines = text.Split('\n');
        if (Fields(lines[0].TrimEnd('\r'), out _) is not { } header || !header.Select(f => f.Trim()).SequenceEqual(Columns))
        {
            parsed.ObjectError = $"the header is '{Shorten(lines[0].TrimEnd('\r'))}', not '{Header}'";
            return parsed;
        }

        var expected = state == "delisted" ? ListingRow.Delisted : ListingRow.Active;
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 1; index < lines.Length; index++)
        {
            var line = index + 1;
            var raw = lines[index].TrimEnd('\r');
            if (raw.Trim().Length == 0)
            {
                continue; // a blank line, as a trailing newline makes
            }

            var fields = Fields(raw, out var badData) ?? raw.Split(','); // broken quoting: the split still names the symbol
            var (row, reason) = badData is { } bad ? (null, bad) : Row(fields, expected);
            if (row is not null && !firstLine.TryAdd(row.Symbol, line))
            {
                reason = $"duplicated symbol {row.Symbol} (first on line {firstLine[row.Symbol]}): a list holds a symbol once";
                row = null;
            }

            if (row is null)
            {
                parsed.Rejected.Add(new ListingReject(key, line, fields.Length > 0 && fields[0].Length > 0 ? fields[0] : null, reason!, Shorten(raw)));
            }
            else
            {
                parsed.Rows.Add(row);
            }
        }

        return parsed;
    }

    /// <summary>The fields of one physical line (RFC 4180 quoting within it), or null with the reason when its quoting is broken.</summary>
    private static string[]? Fields(string line, out string? badData)
    {
        string? bad = null;
        if (line.Count(c => c == '"') % 2 != 0)
        {
            badData = "an unbalanced quote (a list's field never holds a line break)";
            return null;
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = args => bad = $"malformed quoting near '{args.Field}'",
        };
        using var reader = new StringReader(line);
        using var csv = new CsvParser(reader, config);
        var fields = csv.Read() ? csv.Record : [];
        badData = bad;
        return bad is null ? fields : null;
    }

    private static (ListingRow? Row, string? Reason) Row(string[] fields, string expectedStatus)
    {
        if (fields.Length != Columns.Length)
        {
            return (null, $"{fields.Length} fields, expected {Columns.Length} ({Header})");
        }

        var (symbol, name, exchange, type, status) = (fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), fields[3].Trim(), fields[6].Trim());
        if (!Symbols.IsValid(symbol))
        {
            return (null, $"'{symbol}' is not a symbol (upper-case letters, digits, '.' and '-', at most 16)");
        }

        if (exchange.Length == 0 || type.Length == 0)
        {
            return (null, "no exchange or asset type");
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes || exchange.Length > MaxExchangeLength || type.Length > MaxTypeLength)
        {
            return (null, $"a field longer than the warehouse holds (name {MaxNameBytes} bytes, exchange {MaxExchangeLength}, asset type {MaxTypeLength})");
        }

        if (!TryDate(fields[4], out var ipo))
        {
            return (null, $"malformed ipoDate '{fields[4]}' (YYYY-MM-DD or null)");
        }

        if (!TryDate(fields[5], out var delisted))
        {
            return (null, $"malformed delistingDate '{fields[5]}' (YYYY-MM-DD or null)");
        }

        if (status != expectedStatus)
        {
            return (null, $"status '{status}' in the {expectedStatus.ToLowerInvariant()} list");
        }

        if ((status == ListingRow.Delisted) != delisted.HasValue)
        {
            return (null, status == ListingRow.Delisted ? "delisted without a delisting date" : "active with a delisting date");
        }

        if (ipo > delisted)
        {
            return (null, $"IPO {ipo:yyyy-MM-dd} after its delisting {delisted:yyyy-MM-dd}");
        }

        return (new ListingRow(symbol, name, exchange, type, ipo, delisted, status), null);
    }

    private static bool TryDate(string text, out DateOnly? date)
    {
        date = null;
        var trimmed = text.Trim();
        if (trimmed is "null" or "")
        {
            return true;
        }

        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Why the body is not a CSV list at all. An API message is named by its key only: its text may hold the key.</summary>
    private static string? ObjectProblem(string text)
    {
        var start = text.TrimStart();
        if (start.Length == 0)
        {
            return "empty body";
        }

        if (start[0] == '<')
        {
            return "an HTML page, not CSV";
        }

        if (start[0] is '{' or '[')
        {
            try
            {
                using var json = JsonDocument.Parse(start);
                var names = json.RootElement.ValueKind == JsonValueKind.Object ? string.Join(", ", json.RootElement.EnumerateObject().Select(p => p.Name).Take(3)) : "";
                return $"an API message in JSON ({names}), not CSV: the answer was an error or a quota notice";
            }
            catch (JsonException)
            {
                return "JSON-like text, not CSV";
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
