using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.Warehousing;

namespace MarketAspire.Tests.QualityChecks;

/// <summary>The revisions report: restated bars are a warning, old history rewritten beyond the tolerance stops the run.</summary>
public class RestatementCheckTests(SharedServers servers)
{
    [Fact]
    public async Task The_simulators_restatement_is_reported_and_old_bars_beyond_the_tolerance_fail_the_run()
    {
        await using var warehouse = await WarehouseHarness.StartAsync(servers);
        warehouse.Settings["MARKET_SYMBOLS"] = "IBM,MSFT";
        await warehouse.LandSeriesAsync("2026-11-24", 100, "IBM", "MSFT");
        await warehouse.LandSeriesAsync("2026-11-25", 100, "IBM");
        await warehouse.LandRestatedAsync("2026-11-25", 100, "MSFT");
        Assert.Equal(JobExitCodes.Succeeded, await warehouse.RunJobAsync("2026-11-24"));
        Assert.Equal(JobExitCodes.Succeeded, await warehouse.RunJobAsync("2026-11-25"));
        var quality = QualityHarness.On(warehouse.Settings);

        Assert.Equal(JobExitCodes.Failed, await quality.RunAsync("2026-11-25"));

        // 2, 10 and 20 trading days back from 2026-11-25: 2026-11-23 (+0.5 %), 2026-11-11 and 2026-10-28 (+5 %).
        var results = await quality.ResultsAsync("2026-11-25");
        Assert.False(results["restatement"].Passed);
        Assert.Matches(@"^3 past bars changed; largest: MSFT 2026-(11-11|10-28): close \d+\.\d{4} -> \d+\.\d{4} \(5%\)$", results["restatement"].Summary);
        Assert.False(results["restatement_tolerance"].Passed);
        Assert.Matches(@"^2 bars restated by more than 1% on bars of 2026-11-18 or earlier; largest: MSFT 2026-(11-11|10-28): close ", results["restatement_tolerance"].Summary);
        Assert.True(results["reconciliation"].Passed, results["reconciliation"].Summary);
        Assert.Equal(["restatement", "restatement_tolerance"], results.Where(r => !r.Value.Passed).Select(r => r.Key).Order());
        var error = await warehouse.ScalarAsync<string>("SELECT error FROM market_meta.runs WHERE job = 'quality'");
        Assert.Contains("restatement_tolerance: 2 bars restated by more than 1%", error);

        // A human looked: a wider tolerance accepts the rewrite, and the report still shows all three changes.
        quality.Settings["QUALITY_RESTATEMENT_TOLERANCE_PERCENT"] = "5.5";
        Assert.Equal(JobExitCodes.Succeeded, await quality.RunAsync("2026-11-25"));
        results = await quality.ResultsAsync("2026-11-25");
        Assert.True(results["restatement_tolerance"].Passed, results["restatement_tolerance"].Summary);
        Assert.Equal("no bar restated by more than 5.5% on bars of 2026-11-18 or earlier", results["restatement_tolerance"].Summary);
        Assert.StartsWith("3 past bars changed", results["restatement"].Summary);
    }

    [Fact]
    public async Task A_recent_restatement_within_the_minimum_age_is_only_a_warning_and_an_unchanged_landing_reports_nothing()
    {
        await using var warehouse = await WarehouseHarness.StartAsync(servers);
        warehouse.Settings["MARKET_SYMBOLS"] = "IBM";
        await warehouse.LandSeriesAsync("2026-11-24", 100, "IBM");
        await warehouse.RestateAsync("2026-11-25", "IBM", "2026-11-24", 1.2m);
        Assert.Equal(JobExitCodes.Succeeded, await warehouse.RunJobAsync("2026-11-24"));
        Assert.Equal(JobExitCodes.Succeeded, await warehouse.RunJobAsync("2026-11-25"));
        var quality = QualityHarness.On(warehouse.Settings);

        Assert.Equal(JobExitCodes.Succeeded, await quality.RunAsync("2026-11-25"));
        Assert.Equal(JobExitCodes.Succeeded, await quality.RunAsync("2026-11-24"));

        var results = await quality.ResultsAsync("2026-11-25");
        Assert.Matches(@"^1 past bars changed; largest: IBM 2026-11-24: close \d+\.\d{4} -> \d+\.\d{4} \(20%\)$", results["restatement"].Summary);
        Assert.True(results["restatement_tolerance"].Passed);
        Assert.Equal("no past bar changed", (await quality.ResultsAsync("2026-11-24"))["restatement"].Summary);
    }
}
