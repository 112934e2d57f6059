using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Orchestrator;

/// <summary>
/// <c>backfill --from D --to D [--asset A [--downstream]] [--concurrency N] [--force] [--calendar-days] [--yes]</c>,
/// <c>materialize --partition D --asset A [--downstream]</c>, <c>status --from D --to D [--calendar-days]</c>,
/// <c>history [--yes]</c>.
/// </summary>
public sealed record OrchestratorCommand(
    string Verb,
    DailyPartition From,
    DailyPartition To,
    IReadOnlyList<AssetKey> Selection,
    int Concurrency,
    bool Force,
    bool ForceChecks = false,
    bool CalendarDays = false,
    bool Yes = false)
{
    public const string Usage =
        """
        usage:
          Orchestrator backfill    --from YYYY-MM-DD --to YYYY-MM-DD [--asset NAME [--downstream]] [--concurrency N] [--force] [--calendar-days] [--yes]
          Orchestrator materialize --partition YYYY-MM-DD --asset NAME [--downstream]
          Orchestrator materialize --partition YYYY-MM-DD --checks          (evaluate the asset checks again)
          Orchestrator history     [--yes]                                  (full daily history per symbol, premium key)
          Orchestrator status      [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--calendar-days]
        partitions are NYSE trading days unless --calendar-days (or an explicit materialize --partition) says otherwise;
        --yes starts work that needs more API requests than a day's quota
        """;

    private static readonly Dictionary<string, (string[] Values, string[] Flags)> Options = new()
    {
        ["backfill"] = (["from", "to", "asset", "concurrency"], ["downstream", "force", "calendar-days", "yes"]),
        ["materialize"] = (["partition", "asset"], ["downstream", "checks", "yes"]),
        ["history"] = ([], ["yes"]),
        ["status"] = (["from", "to"], ["calendar-days"]),
    };

    /// <summary>The partitions the command covers: trading days, unless calendar days were asked for or one was named.</summary>
    public IReadOnlyList<DailyPartition> Partitions =>
        CalendarDays || Verb is "materialize" or "history" ? DailyPartition.Range(From, To) : DailyPartition.TradingDays(From, To);

    public static OrchestratorCommand Parse(string[] args, AssetGraphDefinition graph, TimeProvider time)
    {
        if (args.Length == 0 || !Options.TryGetValue(args[0], out var allowed))
        {
            throw new ConfigurationException(Usage.Trim());
        }

        var verb = args[0];
        var flags = new HashSet<string>();
        var values = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : args[i];
            if (allowed.Flags.Contains(name))
            {
                flags.Add(name);
            }
            else if (!allowed.Values.Contains(name))
            {
                throw new ConfigurationException($"'{args[i]}' is not an option of {verb}.\n{Usage.Trim()}");
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[name] = args[++i];
            }
            else
            {
                throw new ConfigurationException($"Option --{name} needs a value.\n{Usage.Trim()}");
            }
        }

        DailyPartition Date(string name, DailyPartition fallback) =>
            values.TryGetValue(name, out var text)
                ? DailyPartition.TryParse(text, out var p) ? p : throw new ConfigurationException($"--{name} '{text}' is not a date of the form YYYY-MM-DD.")
                : fallback;

        var today = DailyPartition.Latest(time);
        var yes = flags.Contains("yes");
        var calendarDays = flags.Contains("calendar-days");
        DailyPartition from, to;
        if (verb is "materialize" or "history")
        {
            from = to = verb == "history" ? today : Date("partition", today);
            if (verb == "materialize" && !values.ContainsKey("asset") && !flags.Contains("checks"))
            {
                throw new ConfigurationException($"materialize needs --asset (one of {string.Join(", ", graph.Assets.Select(a => a.Key))}).");
            }
        }
        else
        {
            to = Date("to", today);
            from = Date("from", verb == "status" ? new DailyPartition(to.Date.AddDays(-13)) : to);
        }

        if (to.Date < from.Date)
        {
            throw new ConfigurationException($"--to {to} is before --from {from}.");
        }

        IReadOnlyList<AssetKey> selection = graph.Assets.Select(a => a.Key).ToList();
        if (values.TryGetValue("asset", out var assetName))
        {
            var key = new AssetKey(assetName);
            if (!graph.Contains(key))
            {
                throw new ConfigurationException($"Unknown asset '{assetName}'. Assets: {string.Join(", ", graph.Assets.Select(a => a.Key))}.");
            }

            selection = flags.Contains("downstream") ? graph.WithDownstream(key).Select(a => a.Key).ToList() : [key];
        }

        if (flags.Contains("checks") && !values.ContainsKey("asset"))
        {
            // Only the checks: their assets run only if outdated; the checks run in any case.
            var checkedAssets = graph.Checks.Select(c => c.Asset).Distinct().ToList();
            return new OrchestratorCommand(verb, from, to, checkedAssets, 1, Force: false, ForceChecks: true, Yes: yes);
        }

        var concurrency = values.TryGetValue("concurrency", out var c) ? int.TryParse(c, out var n) && n > 0 ? n : throw new ConfigurationException($"--concurrency '{c}' is not a positive whole number.") : 2;
        return new OrchestratorCommand(verb, from, to, selection, concurrency, Force: verb == "materialize" || flags.Contains("force"),
            CalendarDays: calendarDays, Yes: yes);
    }
}
