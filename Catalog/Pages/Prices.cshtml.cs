using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>A symbol's close (as traded and split-adjusted) with the partitions' check failures marked; or the symbols.</summary>
public sealed class PricesModel(CatalogReader reader, TimeProvider time) : CatalogPageModel
{
    [BindProperty(SupportsGet = true)]
    public int Years { get; set; } = 1;

    public string? Symbol { get; private set; }

    public IReadOnlyList<string> Symbols { get; private set; } = [];

    public PriceChart? Chart { get; private set; }

    /// <summary>The symbol's versions in the security master (empty when no listing names it).</summary>
    public IReadOnlyList<SecurityRow> Listing { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? symbol, CancellationToken ct)
    {
        Symbols = await reader.SymbolsAsync(ct);
        if (symbol is null)
        {
            return Page();
        }

        if (!Symbols.Contains(symbol, StringComparer.Ordinal))
        {
            return Missing($"The warehouse holds no prices for '{symbol}'. Symbols loaded: {(Symbols.Count == 0 ? "none yet" : string.Join(", ", Symbols))}.");
        }

        Symbol = symbol;
        Years = Math.Clamp(Years, 1, 30);
        var from = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddYears(-Years);
        Chart = new PriceChart(symbol, await reader.PricesAsync(symbol, from, ct), await reader.FailedChecksAsync(from, ct));
        Listing = await reader.ListingHistoryAsync(symbol, ct);
        return Page();
    }
}
