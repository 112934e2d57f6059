using System.Globalization;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// A command for the Orchestrator, typed: the one way the AppHost, the catalog and the benchmarks call it. Its
/// <see cref="Arguments"/> are the command line the Orchestrator's own parser reads (<c>Orchestrator --help</c>).
/// </summary>
public abstract record OrchestratorRequest
{
    /// <summary>Where the Orchestrator writes its <see cref="OrchestratorReport"/> (the outcome as a value), if anywhere.</summary>
    public string? ReportPath { get; init; }

    public abstract string Verb { get; }

    /// <summary>Whether the verb writes a report (<c>status</c> prints the grid and nothing else).</summary>
    public virtual bool Reports => true;

    public IReadOnlyList<string> Arguments => [Verb, .. Options(), .. ReportPath is not null && Reports ? new[] { OrchestratorVerbs.ReportOption, ReportPath } : []];

    protected abstract IEnumerable<string> Options();

    protected static IEnumerable<string> Flag(bool on, string name) => on ? [name] : [];
}

/// <summary>The Orchestrator's verbs and the option every verb that runs work takes: one spelling for the parser and the callers.</summary>
public static class OrchestratorVerbs
{
    public const string Backfill = "backfill";
    public const string Materialize = "materialize";
    public const string History = "history";
    public const string Status = "status";
    public const string ReportOption = "--report";
}

/// <summary>A range of partitions; up-to-date ones are skipped.</summary>
public sealed record BackfillRequest(DailyPartition From, DailyPartition To) : OrchestratorRequest
{
    public bool CalendarDays { get; init; }

    /// <summary>Consent to a plan beyond a day's API quota.</summary>
    public bool Yes { get; init; }

    public int? Concurrency { get; init; }

    public override string Verb => OrchestratorVerbs.Backfill;

    protected override IEnumerable<string> Options() =>
    [
        "--from", From.Key, "--to", To.Key,
        .. Flag(CalendarDays, "--calendar-days"),
        .. Flag(Yes, "--yes"),
        .. Concurrency is { } n ? new[] { "--concurrency", n.ToString(CultureInfo.InvariantCulture) } : [],
    ];
}

/// <summary>One partition of an asset and everything downstream of it, again whatever its state; or only the checks.</summary>
public sealed record MaterializeRequest(DailyPartition Partition, AssetKey? Asset) : OrchestratorRequest
{
    /// <summary>Evaluate the checks again (with no asset: only the checks).</summary>
    public bool Checks => Asset is null;

    /// <summary>Everything downstream of the asset too (the default), or the asset alone.</summary>
    public bool Downstream { get; init; } = true;

    public override string Verb => OrchestratorVerbs.Materialize;

    protected override IEnumerable<string> Options() => Asset is { } asset
        ? ["--partition", Partition.Key, "--asset", asset.Name, .. Flag(Downstream, "--downstream")]
        : ["--partition", Partition.Key, "--checks"];
}

/// <summary>The partition x asset grid with check results and recent runs.</summary>
public sealed record StatusRequest(DailyPartition From, DailyPartition To) : OrchestratorRequest
{
    public override string Verb => OrchestratorVerbs.Status;

    public override bool Reports => false;

    protected override IEnumerable<string> Options() => ["--from", From.Key, "--to", To.Key];
}
