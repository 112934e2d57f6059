using MarketAspire.Catalog.Actions;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>An action's progress: the Orchestrator's output, live, until it ends.</summary>
public sealed class ActionModel(ActionRunner actions) : CatalogPageModel
{
    public CatalogAction Action { get; private set; } = null!;

    public IActionResult OnGet(string id)
    {
        if (actions.Find(id) is not { } action)
        {
            return Missing($"No action '{id}' was started by this catalog since it started (see Runs for the recorded runs).");
        }

        Action = action;
        return Page();
    }
}
