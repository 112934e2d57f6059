using System.Text.RegularExpressions;

namespace MarketAspire.AssetGraph.Lake;

/// <summary>Ticker symbols: upper-case letters, digits, '.' and '-' (BRK.B, TSCO.LON), at most 16 characters.</summary>
public static partial class Symbols
{
    public static bool IsValid(string? symbol) => symbol is not null && Pattern().IsMatch(symbol);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9.-]{0,15}$")]
    private static partial Regex Pattern();
}
