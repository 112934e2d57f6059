using MarketAspire.JobHosting.Jobs;
using System.CommandLine;
using System.CommandLine.Parsing;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Orchestrator;

/// <summary>
/// The Orchestrator's command line (System.CommandLine): every command and option with its help text; an unknown
/// option or a typo is an error with a suggestion, never silently ignored.
/// </summary>
public sealed class OrchestratorCli
{
    public OrchestratorCli(AssetGraphDefinition graph)
    {
        var assets = graph.Assets.Select(a => a.Key.Name).ToArray();
        From = DateOption("--from", "First landing date, YYYY-MM-DD or 'today'.");
        To = DateOption("--to", "Last landing date, YYYY-MM-DD or 'today' (default: today).");
        Partition = DateOption("--partition", "The landing date, YYYY-MM-DD or 'today' (default: today).");
        Asset = new Option<string>("--asset") { Description = $"One asset: {string.Join(", ", assets)}." };
        Asset.AcceptOnlyFromAmong(assets);
        Downstream = new Option<bool>("--downstream") { Description = "Also everything downstream of --asset." };
        Concurrency = new Option<int>("--concurrency") { Description = "Partitions in flight at once.", DefaultValueFactory = _ => 2 };
        Concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--concurrency must be a positive whole number.");
            }
        });
        Force = new Option<bool>("--force") { Description = "Run partitions that are up to date too." };
        CalendarDays = new Option<bool>("--calendar-days") { Description = "Every calendar day, not only NYSE trading days." };
        MonthEnds = new Option<bool>("--month-ends")
        {
            Description = "Only each month's last trading day: a monthly universe with --asset raw_listing_status --downstream (2 requests a month).",
        };
        Yes = new Option<bool>("--yes") { Description = "Start work that needs more API requests than a day's quota." };
        Checks = new Option<bool>("--checks") { Description = "Evaluate the asset checks again (their assets run only if outdated)." };
        Report = new Option<string>(OrchestratorVerbs.ReportOption) { Description = "Also write the outcome as JSON to this file (for programs that start the Orchestrator)." };

        Root = new RootCommand("MarketAspire orchestrator: backfills, one-off materializations, history and the status grid.")
        {
            new Command(OrchestratorVerbs.Backfill, "Materialize a range of partitions; up-to-date ones are skipped, so an interrupted backfill resumes.")
            {
                From, To, Asset, Downstream, Concurrency, Force, CalendarDays, MonthEnds, Yes, Report,
            },
            new Command(OrchestratorVerbs.Materialize, "Materialize one partition again, whatever its state (or only its checks with --checks).")
            {
                Partition, Asset, Downstream, Checks, Yes, Report,
            },
            new Command(OrchestratorVerbs.History, "Full daily history per symbol in today's partition (outputsize=full, a premium feature).")
            {
                Yes, Report,
            },
            new Command(OrchestratorVerbs.Status, "The partition x asset grid with check results and recent runs.")
            {
                From, To, CalendarDays,
            },
        };
    }

    public RootCommand Root { get; }

    public Option<DailyPartition?> From { get; }

    public Option<DailyPartition?> To { get; }

    public Option<DailyPartition?> Partition { get; }

    public Option<string> Asset { get; }

    public Option<bool> Downstream { get; }

    public Option<int> Concurrency { get; }

    public Option<bool> Force { get; }

    public Option<bool> CalendarDays { get; }

    public Option<bool> MonthEnds { get; }

    public Option<bool> Yes { get; }

    public Option<bool> Checks { get; }

    public Option<string> Report { get; }

    private static Option<DailyPartition?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value.Trim();
            if (text == "today")
            {
                return null;
            }

            if (DailyPartition.TryParse(text, out var partition))
            {
                return partition;
            }

            result.AddError($"{name} '{text}' is not a date of the form YYYY-MM-DD.");
            return null;
        },
    };
}
