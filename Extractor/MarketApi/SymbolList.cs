using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// Ticker symbols: upper-case letters, digits, '.' and '-' (BRK.B, TSCO.LON), at most 16 characters.
/// Checked before any request, so nothing else ever reaches a URL, an S3 key or SQL.
/// </summary>
public static class SymbolList
{
    public static bool IsValid(string symbol) => Symbols.IsValid(symbol);

    public static IReadOnlyList<string> Parse(string text, List<string> problems)
    {
        var symbols = new List<string>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IsValid(raw))
            {
                problems.Add($"{SettingKeys.MarketSymbols}: '{Printable(raw)}' is not a valid symbol (upper-case letters, digits, '.' and '-', at most 16, e.g. BRK.B).");
            }
            else if (!symbols.Contains(raw))
            {
                symbols.Add(raw);
            }
        }

        if (symbols.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{SettingKeys.MarketSymbols} lists no symbol.");
        }

        return symbols;
    }

    private static string Printable(string text) =>
        new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
