using System.Text.RegularExpressions;

namespace MarketAspire.JobHosting.Lake;

/// <summary>Ticker symbols: upper-case letters, digits, '.' and '-' (BRK.B, TSCO.LON), at most 16 characters.</summary>
public static partial class Symbols
{
    public static bool IsValid(string? symbol) => symbol is not null && Pattern().IsMatch(symbol);

    /// <summary>
    /// Whether a response body's "2. Symbol" is the symbol we asked for. One rule for the extractor (which lands the
    /// body) and the warehouse (which loads it): exactly equal, since we only ever ask in upper case.
    /// </summary>
    public static bool BodyMatches(string? bodySymbol, string requested) => string.Equals(bodySymbol, requested, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9.-]{0,15}$")]
    private static partial Regex Pattern();
}
