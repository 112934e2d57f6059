using System.Collections.Concurrent;
using System.Diagnostics;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Extractor;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Orchestrator;

public sealed record PartitionFailure(DailyPartition Partition, string Step, string Reason);

public sealed record BackfillResult(int Partitions, int Ran, int Skipped, int NotStarted, IReadOnlyList<PartitionFailure> Failures, string? StopReason)
{
    public bool Succeeded => Failures.Count == 0 && NotStarted == 0 && Refusal is null;

    /// <summary>Why nothing was started at all (a live API asked about the past, a plan beyond the quota without --yes).</summary>
    public string? Refusal { get; init; }

    /// <summary>2 when refused before starting, 0 when everything succeeded, 1 otherwise.</summary>
    public int ExitCode => Refusal is not null ? JobExitCodes.NotStarted : Succeeded ? JobExitCodes.Succeeded : JobExitCodes.Failed;

    /// <summary>The line the run ended with (the counts, or the refusal).</summary>
    public string Summary { get; init; } = "";

    public static BackfillResult Refused(int partitions, string refusal) => new(partitions, 0, 0, partitions, [], null) { Refusal = refusal, Summary = refusal };

    /// <summary>The outcome as the value a caller of the Orchestrator reads.</summary>
    public OrchestratorReport ToReport() => new(ExitCode, Summary, Partitions, Ran, Skipped, NotStarted,
        [.. Failures.Select(f => new ReportedFailure(f.Partition.Key, f.Step, f.Reason))], StopReason, Refusal);
}

/// <summary>
/// Runs a range of partitions through the selected assets with bounded concurrency: skips what is up to date (so an
/// interrupted backfill resumes where it stopped), keeps going when a partition fails, stops starting new partitions
/// when the API's daily quota is spent, prints progress as it goes and a summary at the end, and records the backfill
/// as a run of its own.
/// </summary>
public sealed class BackfillRunner(
    ServiceRunners runners, MetaStore meta, TimeProvider time, TextWriter output, TimeSpan heartbeatInterval, Func<MarketApiSettings> api)
{
    private readonly Lock _print = new();

    public async Task<BackfillResult> RunAsync(OrchestratorCommand command, CancellationToken ct)
    {
        var graph = runners.Graph;
        var partitions = command.Partitions;
        var selection = string.Join(",", command.Selection);
        // Checks evaluated again run their assets' services whole when those are outdated, as a plain run would.
        IReadOnlySet<AssetKey>? selected = command.ForceChecks ? null : command.Selection.ToHashSet();
        var grid = await StatusReader.ReadAsync(meta, graph, partitions, ct);
        var plans = partitions.Select(p => (Partition: p, Services: BackfillPlanner.Plan(graph, grid, p, command.Selection, command.Force, command.ForceChecks))).ToList();
        var toRun = plans.Count(p => p.Services.Count > 0);
        Print($"backfill {command.From}..{command.To}: {partitions.Count} {(command.CalendarDays ? "calendar days" : "trading days")}, {toRun} to run, " +
              $"{partitions.Count - toRun} up to date; assets {selection}; concurrency {command.Concurrency}");

        var extracting = plans.Where(p => p.Services.Any(s => s.CallsMarketApi)).Select(p => p.Partition).ToList();
        if (extracting.Count > 0 && Gate(extracting, command.Yes, selected) is { } refusal)
        {
            Print(refusal);
            return BackfillResult.Refused(partitions.Count, refusal);
        }

        var runId = Guid.CreateVersion7().ToString();

        // One trace for the whole backfill: each partition's jobs are its children.
        using var activity = JobRunner.ActivitySource.StartActivity($"backfill {command.From}..{command.To}");
        activity?.SetTag(PipelineActivities.RunIdTag, runId);
        await meta.StartRunAsync(runId, "backfill", selection, $"{command.From}..{command.To}", time.GetUtcNow(), ct);
        await using var heartbeat = RunHeartbeat.Start(meta, runId, heartbeatInterval, time);

        var failures = new ConcurrentBag<PartitionFailure>();
        var watch = Stopwatch.StartNew();
        int done = 0, ran = 0, notStarted = 0;
        string? stop = null;

        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = command.Concurrency, CancellationToken = ct }, async (plan, token) =>
        {
            if (plan.Services.Count == 0)
            {
                Progress(Interlocked.Increment(ref done), partitions.Count, plan.Partition, "skipped: up to date", watch, ran, toRun);
                return;
            }

            if (Volatile.Read(ref stop) is { } reason)
            {
                Interlocked.Increment(ref notStarted);
                Progress(Interlocked.Increment(ref done), partitions.Count, plan.Partition, $"not started: {reason}", watch, ran, toRun);
                return;
            }

            var outcome = "ok";
            foreach (var service in plan.Services)
            {
                Print($"  {plan.Partition} -> {service.Name}");
                var run = await runners[service.Name].ExecuteAsync(plan.Partition, null, null, token, selected, root: new RootRun("backfill", runId));
                if (!run.Succeeded)
                {
                    failures.Add(new PartitionFailure(plan.Partition, service.Name, run.Error ?? $"exit code {run.ExitCode}"));
                    outcome = $"FAILED at {service.Name}";
                    if (run.Kind == FailureKind.QuotaSpent)
                    {
                        Interlocked.CompareExchange(ref stop, "the API's daily quota is spent; resume tomorrow (or with a higher quota)", null);
                    }

                    break;
                }
            }

            Interlocked.Increment(ref ran);
            Progress(Interlocked.Increment(ref done), partitions.Count, plan.Partition, $"{outcome} ({string.Join(", ", plan.Services.Select(s => s.Name))})", watch, ran, toRun);
        });

        var counts = new BackfillResult(partitions.Count, ran, partitions.Count - toRun, notStarted, failures.OrderBy(f => f.Partition).ToList(), stop);
        var result = counts with { Summary = PrintSummary(counts, watch.Elapsed) };
        await meta.FinishRunAsync(runId, result.Succeeded ? RunStatus.Succeeded : RunStatus.Failed,
            result.Succeeded ? null : $"{result.Failures.Count} partitions failed, {result.NotStarted} not started", time.GetUtcNow(), CancellationToken.None);
        return result;
    }

    /// <summary>Before any request: a live API cannot answer for the past, and a plan beyond a day's quota needs --yes.</summary>
    /// <remarks>LISTING_STATUS alone (a dated universe) may ask for past landing dates: it has an "as of".</remarks>
    private string? Gate(IReadOnlyList<DailyPartition> extracting, bool yes, IReadOnlySet<AssetKey>? selected)
    {
        var settings = api();
        var today = DailyPartition.Latest(time);
        bool Runs(AssetKey asset) => selected is null || selected.Contains(asset);
        var symbols = Runs(MarketAssets.RawStockPrices) || Runs(MarketAssets.RawCorporateActions);
        var impossible = symbols ? extracting.Where(p => LiveSource.WhyNot(p, settings, time) is not null).ToList() : [];
        if (impossible.Count > 0)
        {
            return LiveSource.Refusal(impossible, today);
        }

        var prices = Runs(MarketAssets.RawStockPrices) ? extracting.Count * settings.Symbols.Count : 0;
        var actions = Runs(MarketAssets.RawCorporateActions) ? settings.Symbols.Count * CorporateActionsExtractor.RequestsPerSymbol : 0;
        var listings = Runs(MarketAssets.RawListingStatus) ? extracting.Count * ListingStatusExtractor.RequestsPerLandingDate : 0;
        var plan = RequestPlan.For(prices + actions + listings, settings);
        var what = prices > 0 ? $"{extracting.Count} partition(s) x {settings.Symbols.Count} symbols to extract" : $"{extracting.Count} partition(s)";
        Print(plan.Describe($"{what}{RequestPlan.CorporateActions(actions)}{RequestPlan.Listings(listings)}"));
        return plan.RefusalWithoutConsent(yes);
    }

    private void Progress(int done, int total, DailyPartition partition, string what, Stopwatch watch, int ran, int toRun)
    {
        var minutes = watch.Elapsed.TotalMinutes;
        var rate = ran > 0 && minutes > 0 ? ran / minutes : 0;
        var eta = rate > 0 ? TimeSpan.FromMinutes(Math.Max(0, toRun - ran) / rate) : (TimeSpan?)null;
        Print($"[{done,4}/{total}] {partition} {what} | {rate:0.0} partitions/min | ETA {(eta is { } e ? $"{(int)e.TotalMinutes}m{e.Seconds:00}s" : "-")}");
    }

    private string PrintSummary(BackfillResult result, TimeSpan elapsed)
    {
        var summary = $"backfill done in {elapsed.TotalSeconds:0.0} s: {result.Ran} ran, {result.Skipped} skipped (up to date), {result.Failures.Count} failed, {result.NotStarted} not started";
        Print(summary);
        foreach (var failure in result.Failures)
        {
            Print($"  FAILED {failure.Partition} at {failure.Step}: {failure.Reason}");
        }

        if (result.StopReason is not null)
        {
            Print($"  stopped early: {result.StopReason}. Run the same command again to resume.");
        }

        return summary;
    }

    private void Print(string line)
    {
        lock (_print)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
