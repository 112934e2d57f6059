using System.Text.RegularExpressions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Grid;
using Microsoft.AspNetCore.Mvc;

namespace MarketAspire.Catalog.Pages;

/// <summary>The runs, newest first: job, partitions, duration, status, error, and a link to each one's trace.</summary>
public sealed partial class RunsModel(CatalogReader reader, CatalogSettings settings, TimeProvider time) : CatalogPageModel
{
    public const int PageSize = 50;

    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<RunRecord> Runs { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    // Read from the query by hand: Razor Pages' own route value "page" (the page's name) would shadow a bound property.
    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? page, CancellationToken ct)
    {
        var number = 1;
        if (page is not null && (!int.TryParse(page, System.Globalization.CultureInfo.InvariantCulture, out number) || number is < 1 or > PartitionBounds.MaxRunsPage))
        {
            return Invalid($"The runs are shown in pages 1 to at most {PartitionBounds.MaxRunsPage} of {PageSize}, not page '{page}'.");
        }

        PageNumber = number;
        Runs = await reader.RunsAsync(PageSize, (PageNumber - 1) * PageSize, ct);
        Now = time.GetUtcNow();
        return Page();
    }

    /// <summary>
    /// The dashboard's page for the run's trace, when the catalog knows the dashboard and the run a well-formed trace id
    /// (32 lowercase hex digits, as OpenTelemetry writes it): whatever else the records hold never becomes a link.
    /// </summary>
    public string? TraceLink(RunRecord run) =>
        settings.DashboardUrl is { Scheme: "http" or "https" } dashboard && run.TraceId is { } trace && TraceId().IsMatch(trace)
            ? new Uri(dashboard, $"/traces/detail/{trace}").ToString()
            : null;

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.TotalSeconds:0.0} s";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
