using System.Globalization;
using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>The security master's latest lists, filtered by the date they were listed on, status, exchange and asset type.</summary>
public sealed class UniverseModel(CatalogReader reader) : CatalogPageModel
{
    /// <summary>Rows shown at most; the page says when there are more.</summary>
    public const int Limit = 500;

    public string? Date { get; private set; }
    public string? Status { get; private set; }
    public string? Exchange { get; private set; }
    public string? AssetType { get; private set; }
    public IReadOnlyList<SecurityRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Exchanges { get; private set; } = [];
    public IReadOnlyList<string> AssetTypes { get; private set; } = [];
    public bool More { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? date, string? status, string? exchange, string? type, CancellationToken ct)
    {
        (Date, Status, Exchange, AssetType) = (Blank(date), Blank(status), Blank(exchange), Blank(type));
        DateOnly? listedOn = null;
        if (Date is not null)
        {
            if (!DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Invalid($"'{Date}' is not a date: YYYY-MM-DD.");
            }

            listedOn = parsed;
        }

        if (Status is not (null or "Active" or "Delisted"))
        {
            return Invalid($"'{Status}' is not a status: Active or Delisted.");
        }

        if (Exchange?.Length > 32 || AssetType?.Length > 16)
        {
            return Invalid("An exchange has at most 32 characters, an asset type 16.");
        }

        (Exchanges, AssetTypes) = await reader.UniverseChoicesAsync(ct);
        var rows = await reader.UniverseAsync(listedOn, Status, Exchange, AssetType, Limit + 1, ct);
        More = rows.Count > Limit;
        Rows = More ? [.. rows.Take(Limit)] : rows;
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
