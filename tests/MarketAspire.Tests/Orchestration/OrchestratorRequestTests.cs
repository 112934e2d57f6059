using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Orchestrator;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Orchestration;

/// <summary>
/// The Orchestrator called through its one typed entry point: every request's command line is read by the
/// Orchestrator's own parser as the same command, and the outcome comes back as a report, not as console text.
/// </summary>
public class OrchestratorRequestTests(SharedServers servers)
{
    private static readonly DailyPartition Monday = DailyPartition.Parse("2026-11-16");
    private static readonly DailyPartition Friday = DailyPartition.Parse("2026-11-20");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OrchestratorCommand Parsed(OrchestratorRequest request) =>
        OrchestratorCommand.Parse([.. request.Arguments], MarketAssets.Graph, TimeProvider.System);

    [Fact]
    public void A_backfill_request_is_parsed_as_the_backfill_it_asks_for()
    {
        var command = Parsed(new BackfillRequest(Monday, Friday) { CalendarDays = true, Yes = true, Concurrency = 3, ReportPath = "/tmp/r.json" });

        Assert.Equal((OrchestratorVerbs.Backfill, Monday, Friday, true, true, 3, false, "/tmp/r.json"),
            (command.Verb, command.From, command.To, command.CalendarDays, command.Yes, command.Concurrency, command.Force, command.ReportPath));
        Assert.Equal(MarketAssets.Graph.Assets.Select(a => a.Key), command.Selection);
        Assert.Equal((false, false, 2, (string?)null), (Parsed(new BackfillRequest(Monday, Friday)) is var plain ? (plain.CalendarDays, plain.Yes, plain.Concurrency, plain.ReportPath) : default));
    }

    [Fact]
    public void A_materialize_request_forces_the_asset_and_its_downstream_or_only_the_checks()
    {
        var asset = Parsed(new MaterializeRequest(Friday, MarketAssets.FctStockPrices));
        var checks = Parsed(new MaterializeRequest(Friday, null));

        Assert.Equal((OrchestratorVerbs.Materialize, Friday, Friday, true), (asset.Verb, asset.From, asset.To, asset.Force));
        Assert.Equal([MarketAssets.FctStockPrices, MarketAssets.CuratedStockPrices], asset.Selection);
        Assert.Equal((true, false), (checks.ForceChecks, checks.Force));
        Assert.Equal([MarketAssets.FctStockPrices], checks.Selection);
    }

    [Fact]
    public void A_status_request_names_its_range()
    {
        var command = Parsed(new StatusRequest(Monday, Friday));

        Assert.Equal((OrchestratorVerbs.Status, Monday, Friday), (command.Verb, command.From, command.To));
    }

    [Fact]
    public async Task The_Orchestrator_binary_writes_its_outcome_as_a_report_whether_it_ran_or_refused()
    {
        await using var stack = await new BackfillTests(servers).StartAsync(symbols: "IBM");
        var ran = Path.GetTempFileName();
        var refused = Path.GetTempFileName();
        try
        {
            var run = await ProcessRun.ServiceAsync("Orchestrator", (new BackfillRequest(Friday, Friday) { ReportPath = ran }).Arguments, stack.Settings, Ct);
            stack.Settings["MARKET_API_REQUESTS_PER_DAY"] = "1";
            var refusal = await ProcessRun.ServiceAsync("Orchestrator", (new BackfillRequest(Monday, Friday) { ReportPath = refused }).Arguments, stack.Settings, Ct);

            var report = await OrchestratorReport.ReadAsync(ran, Ct);
            Assert.True(report is { Succeeded: true, Partitions: 1, Ran: 1, Skipped: 0, NotStarted: 0, Failures.Count: 0, Refusal: null }, run.All);
            Assert.StartsWith("backfill done in ", report.Summary);
            Assert.Equal(run.ExitCode, report.ExitCode);

            var notStarted = await OrchestratorReport.ReadAsync(refused, Ct);
            Assert.True(notStarted is { ExitCode: JobExitCodes.NotStarted, Ran: 0, NotStarted: 5 }, refusal.All);
            Assert.StartsWith("not started: ", notStarted.Refusal);
            Assert.Equal(notStarted.Refusal, notStarted.Summary);
        }
        finally
        {
            File.Delete(ran);
            File.Delete(refused);
        }
    }
}
