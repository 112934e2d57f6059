using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>A page whose button starts the Orchestrator: refused while a run of its partitions is in progress.</summary>
public abstract class ActionPageModel(ActionRunner actions) : CatalogPageModel
{
    /// <summary>Why the button cannot run now, if it cannot.</summary>
    public string? Refusal { get; protected set; }

    /// <summary>Why the action may not start over these partitions now, or null.</summary>
    protected string? RefusalFor(IReadOnlyList<DailyPartition> partitions, IReadOnlyList<RunRecord> running) =>
        !actions.Enabled ? $"Actions are off: the catalog was started without an Orchestrator ({SettingKeys.OrchestratorProject})."
        : partitions.Count == 0 ? "The range holds no partition."
        : partitions.Where(p => actions.IsBusy(p) || CatalogGrid.IsBusy(running, p)).Select(p => (DailyPartition?)p).FirstOrDefault() is { } busy
            ? ActionRunner.BusyRefusal(busy)
            : null;

    /// <summary>
    /// Starts the Orchestrator and shows its progress page; or, refused, this page again with the reason: 409 while a run
    /// of the partitions is in progress (checked again, atomically, as it starts), 429 beyond the cap on actions.
    /// </summary>
    protected IActionResult Launch(string title, IReadOnlyList<DailyPartition> partitions, OrchestratorRequest request)
    {
        if (Refusal is not null)
        {
            return new PageResult { StatusCode = StatusCodes.Status409Conflict };
        }

        var start = actions.TryStart(title, partitions[0], partitions[^1], request.Arguments);
        if (start.Action is { } action)
        {
            return Redirect($"/actions/{action.Id}");
        }

        Refusal = start.Refusal;
        return new PageResult { StatusCode = start.Busy ? StatusCodes.Status409Conflict : StatusCodes.Status429TooManyRequests };
    }
}
