using MarketAspire.JobHosting.Jobs;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>"Backfill this range": the confirmation (GET), then the Orchestrator's <c>backfill --from --to</c> (POST).</summary>
public sealed class BackfillModel(CatalogReader reader, ActionRunner actions) : ActionPageModel(actions)
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Calendar { get; set; }

    /// <summary>Allow more API requests than a day's quota (the Orchestrator's <c>--yes</c>).</summary>
    [BindProperty]
    public bool Yes { get; set; }

    /// <summary>The range, parsed once; what the page shows and the Orchestrator receives.</summary>
    public DailyPartition First { get; private set; }

    public DailyPartition Last { get; private set; }

    public IReadOnlyList<DailyPartition> Partitions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ResolveAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await ResolveAsync(ct) ?? Launch($"Backfill {First.Key} .. {Last.Key}", Partitions,
            new BackfillRequest(First, Last) { CalendarDays = Calendar, Yes = Yes });

    private async Task<IActionResult?> ResolveAsync(CancellationToken ct)
    {
        if (!DailyPartition.TryParse(From, out var from) || !DailyPartition.TryParse(To, out var to))
        {
            return Missing($"A backfill needs two partitions, YYYY-MM-DD: from '{From}', to '{To}'.");
        }

        var outOfBounds = Resolve(From, out _) ?? Resolve(To, out _);
        if (outOfBounds is not null)
        {
            return outOfBounds;
        }

        if (to.Date < from.Date)
        {
            return Missing($"The range {from.Key} .. {to.Key} ends before it starts.");
        }

        if (PartitionBounds.Days(from, to) > PartitionBounds.MaxBackfillDays)
        {
            return Invalid($"A backfill from the catalog covers at most {PartitionBounds.MaxBackfillDays} days; {from.Key} .. {to.Key} spans {PartitionBounds.Days(from, to)}. Split it, or run the Orchestrator's backfill yourself.");
        }

        (First, Last) = (from, to);
        Partitions = Calendar ? DailyPartition.Range(from, to) : DailyPartition.TradingDays(from, to);
        Refusal = RefusalFor(Partitions, await reader.RunningAsync(ct));
        return null;
    }
}
