using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>What the catalog's pages share: a 404 that says what was not found, a 400 that says what is too much.</summary>
public abstract class CatalogPageModel : PageModel
{
    /// <summary>A 404 whose page shows <paramref name="message"/>.</summary>
    protected NotFoundResult Missing(string message)
    {
        HttpContext.Items[StatusMessage.Key] = message;
        return NotFound();
    }

    /// <summary>A 400 whose page shows <paramref name="message"/>.</summary>
    protected StatusCodeResult Invalid(string message)
    {
        HttpContext.Items[StatusMessage.Key] = message;
        return StatusCode(StatusCodes.Status400BadRequest);
    }

    protected NotFoundResult NotAPartition(string? text) => Missing($"'{text}' is not a partition: partitions are dates, YYYY-MM-DD.");

    /// <summary>The partition <paramref name="text"/> names, or the page that says why it names none the catalog shows.</summary>
    protected IActionResult? Resolve(string? text, out DailyPartition partition) =>
        !DailyPartition.TryParse(text, out partition) ? NotAPartition(text)
        : !PartitionBounds.Contains(partition) ? Invalid(PartitionBounds.OutOfBounds(partition))
        : null;

    /// <summary>An optional <c>?partition=</c> filter: none when absent; otherwise as <see cref="Resolve"/>.</summary>
    protected IActionResult? ResolveFilter(string? text, out DailyPartition? filter)
    {
        filter = null;
        if (text is null)
        {
            return null;
        }

        var failure = Resolve(text, out var partition);
        filter = partition;
        return failure;
    }
}
