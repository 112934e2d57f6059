using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>What the catalog's pages share: a 404 that says what was not found.</summary>
public abstract class CatalogPageModel : PageModel
{
    /// <summary>A 404 whose page shows <paramref name="message"/>.</summary>
    protected NotFoundResult Missing(string message)
    {
        HttpContext.Items[NotFoundMessage.Key] = message;
        return NotFound();
    }

    protected NotFoundResult NotAPartition(string? text) => Missing($"'{text}' is not a partition: partitions are dates, YYYY-MM-DD.");

    /// <summary>An optional <c>?partition=</c> filter: none when absent; false when it is not a date.</summary>
    protected static bool TryFilter(string? text, out DailyPartition? filter)
    {
        filter = null;
        if (text is null)
        {
            return true;
        }

        if (!DailyPartition.TryParse(text, out var partition))
        {
            return false;
        }

        filter = partition;
        return true;
    }
}

/// <summary>A page whose button starts the Orchestrator: refused while a run of its partitions is in progress.</summary>
public abstract class ActionPageModel(ActionRunner actions) : CatalogPageModel
{
    /// <summary>Why the button cannot run now, if it cannot.</summary>
    public string? Refusal { get; protected set; }

    /// <summary>Why the action may not start over these partitions now, or null.</summary>
    protected string? RefusalFor(IReadOnlyList<DailyPartition> partitions, IReadOnlyList<RunRecord> running) =>
        !actions.Enabled ? "Actions are off: the catalog was started without an Orchestrator (MARKET_ORCHESTRATOR_PROJECT)."
        : partitions.Count == 0 ? "The range holds no partition."
        : partitions.Where(p => actions.IsBusy(p) || CatalogGrid.IsBusy(running, p)).Select(p => (DailyPartition?)p).FirstOrDefault() is { } busy
            ? $"A run of partition {busy.Key} is in progress. Wait until it ends (see Runs)."
            : null;

    /// <summary>Starts the Orchestrator and shows its progress page; or, refused, this page again with 409 and the reason.</summary>
    protected IActionResult Launch(string title, IReadOnlyList<DailyPartition> partitions, IReadOnlyList<string> arguments) =>
        Refusal is not null
            ? new PageResult { StatusCode = StatusCodes.Status409Conflict }
            : Redirect($"/actions/{actions.Start(title, partitions[0], partitions[^1], arguments).Id}");
}
