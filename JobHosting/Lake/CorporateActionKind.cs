namespace MarketAspire.JobHosting.Lake;

/// <summary>The two corporate-action lists Alpha Vantage serves on its free tier, and where each lands in the lake.</summary>
public sealed record CorporateActionKind(string Name, string Function)
{
    public static readonly CorporateActionKind Splits = new("splits", "SPLITS");
    public static readonly CorporateActionKind Dividends = new("dividends", "DIVIDENDS");

    public static IReadOnlyList<CorporateActionKind> All { get; } = [Splits, Dividends];

    /// <summary><c>raw/corporate_actions/YYYY-MM-DD/SYMBOL.splits.json</c> → (SYMBOL, splits), or null for another key.</summary>
    public static (string Symbol, CorporateActionKind Kind)? Parse(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        foreach (var kind in All)
        {
            var suffix = $".{kind.Name}.json";
            if (name.EndsWith(suffix, StringComparison.Ordinal) && Symbols.IsValid(name[..^suffix.Length]))
            {
                return (name[..^suffix.Length], kind);
            }
        }

        return null;
    }
}
