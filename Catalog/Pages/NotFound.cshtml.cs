using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>Every 404: what was not found, in words, never a stack trace.</summary>
public sealed class NotFoundModel : PageModel
{
    public string Message { get; private set; } = "";

    public void OnGet()
    {
        var path = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original ? original.OriginalPath + original.OriginalQueryString : Request.Path.ToString();
        Message = HttpContext.Items[NotFoundMessage.Key] as string ?? $"The catalog has no page at {path}.";
        Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
