using System.CommandLine;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Orchestrator;

/// <summary>What the Orchestrator was asked to do (see <see cref="OrchestratorCli"/> for the command line).</summary>
public sealed record OrchestratorCommand(
    string Verb,
    DailyPartition From,
    DailyPartition To,
    IReadOnlyList<AssetKey> Selection,
    int Concurrency,
    bool Force,
    bool ForceChecks = false,
    bool CalendarDays = false,
    bool Yes = false,
    bool MonthEnds = false)
{
    /// <summary>Where to write the outcome as an <see cref="OrchestratorReport"/>, if asked.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The partitions the command covers: trading days, unless calendar days were asked for or one was named.</summary>
    public IReadOnlyList<DailyPartition> Partitions =>
        CalendarDays || Verb is OrchestratorVerbs.Materialize or OrchestratorVerbs.History ? DailyPartition.Range(From, To)
        : MonthEnds ? [.. DailyPartition.TradingDays(From, To).GroupBy(p => (p.Date.Year, p.Date.Month)).Select(m => m.Max())]
        : DailyPartition.TradingDays(From, To);

    /// <summary>Parses a command line; anything malformed is a <see cref="ConfigurationException"/> that says what and why.</summary>
    public static OrchestratorCommand Parse(string[] args, AssetGraphDefinition graph, TimeProvider time)
    {
        var cli = new OrchestratorCli(graph);
        var parsed = cli.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            throw new ConfigurationException(string.Join("\n", parsed.Errors.Select(e => e.Message)) + "\nSee: Orchestrator --help");
        }

        return Resolve(parsed, cli, graph, time);
    }

    /// <summary>The command a successful parse names, with the rules the parser cannot express checked.</summary>
    public static OrchestratorCommand Resolve(ParseResult parsed, OrchestratorCli cli, AssetGraphDefinition graph, TimeProvider time)
    {
        var verb = parsed.CommandResult.Command.Name;
        var today = DailyPartition.Latest(time);
        var yes = parsed.GetValue(cli.Yes);
        var calendarDays = parsed.GetValue(cli.CalendarDays);
        var assetName = parsed.GetValue(cli.Asset);
        var checks = parsed.GetValue(cli.Checks);
        var report = parsed.GetValue(cli.Report);
        DailyPartition from, to;
        if (verb is OrchestratorVerbs.Materialize or OrchestratorVerbs.History)
        {
            from = to = verb == OrchestratorVerbs.History ? today : parsed.GetValue(cli.Partition) ?? today;
            if (verb == OrchestratorVerbs.Materialize && assetName is null && !checks)
            {
                throw new ConfigurationException($"materialize needs --asset (one of {string.Join(", ", graph.Assets.Select(a => a.Key))}) or --checks.");
            }
        }
        else
        {
            to = parsed.GetValue(cli.To) ?? today;
            from = parsed.GetValue(cli.From) ?? (verb == OrchestratorVerbs.Status ? new DailyPartition(to.Date.AddDays(-13)) : to);
        }

        if (to.Date < from.Date)
        {
            throw new ConfigurationException($"--to {to} is before --from {from}.");
        }

        if (checks && assetName is null)
        {
            // Only the checks: their assets run only if outdated; the checks run in any case.
            var checkedAssets = graph.Checks.Select(c => c.Asset).Distinct().ToList();
            return new OrchestratorCommand(verb, from, to, checkedAssets, 1, Force: false, ForceChecks: true, Yes: yes) { ReportPath = report };
        }

        IReadOnlyList<AssetKey> selection = assetName is null
            ? graph.Assets.Select(a => a.Key).ToList()
            : parsed.GetValue(cli.Downstream) ? graph.WithDownstream(new AssetKey(assetName)).Select(a => a.Key).ToList() : [new AssetKey(assetName)];
        // Only a backfill has --concurrency; a materialize is one partition.
        var concurrency = verb == OrchestratorVerbs.Backfill ? parsed.GetValue(cli.Concurrency) : 1;
        return new OrchestratorCommand(verb, from, to, selection, concurrency, Force: verb == OrchestratorVerbs.Materialize || parsed.GetValue(cli.Force),
            CalendarDays: calendarDays, Yes: yes, MonthEnds: verb == OrchestratorVerbs.Backfill && parsed.GetValue(cli.MonthEnds)) { ReportPath = report };
    }
}
