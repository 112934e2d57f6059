using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>Every error status without a page of its own (404, 400...): what went wrong, in words, with the same code.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    /// <summary>A refused form re-executes here as a POST: the same page.</summary>
    public void OnPost(int code) => OnGet(code);

    public void OnGet(int code)
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Code = original?.OriginalStatusCode ?? code;
        var path = original is not null ? original.OriginalPath + original.OriginalQueryString : Request.Path.ToString();
        (Title, var fallback) = Code switch
        {
            StatusCodes.Status400BadRequest => ("Bad request", "The catalog could not accept this request: a form must be sent from the catalog's own page (its antiforgery field was missing or stale)."),
            StatusCodes.Status404NotFound => ("Not found", $"The catalog has no page at {path}."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{path} does not accept this method."),
            _ => ($"HTTP {Code}", $"The catalog could not answer {path}."),
        };
        Message = HttpContext.Items[StatusMessage.Key] as string ?? fallback;
        Response.StatusCode = Code;
    }
}
