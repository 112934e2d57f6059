using MarketAspire.AssetGraph.Records;
using MarketAspire.Catalog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketAspire.Catalog.Pages;

/// <summary>The runs, newest first: job, partitions, duration, status, error, and a link to each one's trace.</summary>
public sealed class RunsModel(CatalogReader reader, CatalogSettings settings, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<RunRecord> Runs { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(PageNumber, 1);
        Runs = await reader.RunsAsync(PageSize, (PageNumber - 1) * PageSize, ct);
        Now = time.GetUtcNow();
        return Page();
    }

    /// <summary>The dashboard's page for the run's trace, when the catalog knows the dashboard and the run its trace.</summary>
    public string? TraceLink(RunRecord run) =>
        settings.DashboardUrl is { } dashboard && run.TraceId is { Length: > 0 } trace ? new Uri(dashboard, $"/traces/detail/{trace}").ToString() : null;

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.TotalSeconds:0.0} s";
}
