using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Extractor;
using MarketAspire.Extractor.Landing;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Orchestrator;

/// <summary>
/// <c>history</c>: full daily history in one step. Alpha Vantage can only be asked "now", so history is one
/// <c>outputsize=full</c> request per symbol (20+ years, a premium feature), landed in today's partition like any
/// landing and loaded downstream. Symbols whose full series is already landed today are not asked again, so an
/// interrupted run resumes per symbol and a second run requests nothing.
/// </summary>
public sealed class HistoryLoader(ServiceRunners runners, MetaStore meta, TimeProvider time, TextWriter output, TimeSpan heartbeatInterval, MarketApiSettings api)
{
    public const string FreeTierNote =
        "With a free key, daily history accumulates from the first daily run: every landing brings the last 100 trading days " +
        "(outputsize=compact), and each day adds one. Longer history needs a premium key.";

    public async Task<BackfillResult> RunAsync(bool yes, CancellationToken ct)
    {
        var today = DailyPartition.Latest(time);
        var extractor = runners.Graph[MarketAssets.RawStockPrices].Service;
        var landing = runners.Get<RawLanding>(extractor);
        var missing = new List<string>();
        foreach (var symbol in api.Symbols)
        {
            if (await landing.ExistingAsync(today, symbol, ct) is not { IsFullHistory: true })
            {
                missing.Add(symbol);
            }
        }

        output.WriteLine($"history for landing date {today}: {api.Symbols.Count} symbols, {api.Symbols.Count - missing.Count} with their full history landed already");
        if (missing.Count > 0)
        {
            var actions = missing.Count * CorporateActionsExtractor.RequestsPerSymbol;
            var listings = ListingStatusExtractor.RequestsPerLandingDate;
            var plan = RequestPlan.For(missing.Count + actions + listings, api);
            output.WriteLine(plan.Describe($"{missing.Count} symbol(s) x 1 request with outputsize=full{RequestPlan.CorporateActions(actions)}{RequestPlan.Listings(listings)}"));
            if (plan.RefusalWithoutConsent(yes) is { } refusal)
            {
                output.WriteLine(refusal);
                return BackfillResult.Refused(1, refusal);
            }

            var extraction = await runners[extractor].ExecuteAsync(today, null, missing, ct, fullHistory: true);
            if (extraction.ExitCode != 0)
            {
                output.WriteLine($"history: {extraction.Error}");
                if (extraction.Kind == FailureKind.PremiumOnly)
                {
                    output.WriteLine(FreeTierNote);
                }

                return new BackfillResult(1, 1, 0, 0, [new PartitionFailure(today, extractor, extraction.Error ?? "failed")], null) { Summary = $"history: {extraction.Error}" };
            }
        }
        else
        {
            output.WriteLine("history: nothing to request");
        }

        // Load what landed: the downstream assets of today's partition, skipped when already up to date.
        var downstream = runners.Graph.WithDownstream(MarketAssets.RawStockPrices).Select(a => a.Key).Where(k => k != MarketAssets.RawStockPrices).ToList();
        var load = new OrchestratorCommand(OrchestratorVerbs.Backfill, today, today, downstream, 1, Force: false, CalendarDays: true);
        return await new BackfillRunner(runners, meta, time, output, heartbeatInterval, () => api).RunAsync(load, ct);
    }
}
