using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>An unexpected failure: a short message and the trace id to find it in the dashboard, never a stack trace.</summary>
public sealed class ErrorModel : PageModel
{
    public string? TraceId { get; private set; }

    public void OnGet() => TraceId = Activity.Current?.TraceId.ToHexString() ?? HttpContext.TraceIdentifier;
}
