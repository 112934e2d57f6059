using System.Diagnostics;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>The partition grid: one page of partitions, newest first, by asset, with the checks' verdict.</summary>
public sealed class PartitionsModel(CatalogReader reader, ActionRunner actions, TimeProvider time) : CatalogPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? End { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Size { get; set; } = GridWindow.DefaultSize;

    /// <summary><c>calendar</c> for every calendar day; trading days otherwise.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Days { get; set; }

    public GridWindow Window { get; private set; } = null!;

    public CatalogGrid Grid { get; private set; } = null!;

    public ActionRunner Actions => actions;

    /// <summary>How long the grid's queries took, shown under it.</summary>
    public TimeSpan QueryTime { get; private set; }

    public bool CalendarDays => string.Equals(Days, "calendar", StringComparison.OrdinalIgnoreCase);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var latest = await reader.LatestPartitionAsync(ct) ?? DailyPartition.Latest(time);
        var end = latest;
        if (End is not null && Resolve(End, out end) is { } failure)
        {
            return failure;
        }

        if (Size is < 1 or > GridWindow.MaxSize)
        {
            return Invalid($"A page of the grid holds at least one and at most {GridWindow.MaxSize} partitions, not {Size}.");
        }

        Window = GridWindow.Of(end, Size, CalendarDays, latest.Date > end.Date ? latest : end);
        var watch = Stopwatch.StartNew();
        Grid = await reader.GridAsync([.. Window.Partitions.Reverse()], ct);
        QueryTime = watch.Elapsed;
        return Page();
    }

    public string PageLink(DailyPartition end) => $"/partitions?end={end.Key}&size={Window.Size}{(CalendarDays ? "&days=calendar" : "")}";
}
