using System.Globalization;
using CsCheck;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.PointInTime;

/// <summary>
/// Generated sequences of landings, loaded in any order, re-run and concurrently, against the real PostgreSQL and S3
/// emulator, compared with the reference model on every as-of answer. A failure names the seed and the shrunk sequence;
/// <c>MARKET_MODEL_SEQUENCES=5000 MARKET_MODEL_SEED=... dotnet test --filter ModelBasedTests</c> runs more, or one again.
/// </summary>
public class ModelBasedTests(SharedServers servers)
{
    private static long Sequences => long.TryParse(Environment.GetEnvironmentVariable("MARKET_MODEL_SEQUENCES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 100;

    [Fact]
    public async Task Any_sequence_of_landings_in_any_order_gives_the_reference_models_answers()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers);
        var started = DateTimeOffset.UtcNow;

        await ScenarioGen.Scenarios.SampleAsync(async scenario =>
        {
            await driver.ResetAsync();
            await driver.RunAsync(scenario);
            Assert.Empty(driver.Refused); // the scenarios' landing dates lie well within the default retention
            var problems = await ScenarioCheck.CompareAsync(driver, scenario);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"{problems.Count} answers differ from the model; first: {string.Join("\n", problems.Take(8))}");
            }
        }, writeLine: line => TestContext.Current.SendDiagnosticMessage(line), seed: Environment.GetEnvironmentVariable("MARKET_MODEL_SEED"), iter: Sequences, threads: 1,
           print: scenario => scenario.ToString());

        TestContext.Current.SendDiagnosticMessage($"{Sequences} sequences in {(DateTimeOffset.UtcNow - started).TotalSeconds:F0} s");
    }

    /// <summary>
    /// The same sequences with staging kept for 2 days before the newest landing date: older landing dates leave staging
    /// and live on as the versions they made. Every accepted load still gives the model's answers (the model knows nothing
    /// of retention: it is given the accepted loads), and a load is refused only when it is older than the window.
    /// </summary>
    [Fact]
    public async Task With_staging_pruned_to_a_short_retention_every_accepted_sequence_gives_the_reference_models_answers()
    {
        const int retentionDays = 2;
        await using var driver = await WarehouseDriver.StartAsync(servers, retentionDays);
        var (refusals, frozen) = (0, 0);

        await ScenarioGen.Scenarios.SampleAsync(async scenario =>
        {
            await driver.ResetAsync();
            await driver.RunAsync(scenario);
            foreach (var (step, newest) in driver.Refused)
            {
                Assert.True(step.Landing < newest.AddDays(-retentionDays), $"{step.Landing:yyyy-MM-dd} was refused though the newest landing date accepted was {newest:yyyy-MM-dd}");
            }

            Interlocked.Add(ref refusals, driver.Refused.Count);
            var line = await driver.ScalarAsync<DateOnly>("SELECT frozen_before FROM market_data.stg_retention");
            Assert.Equal(0L, await driver.ScalarAsync<long>($"SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date < '{line:yyyy-MM-dd}' AND partition_date NOT IN ({Dates(driver.Refused.Select(r => r.Step.Landing))})"));
            if (line.Year > 1)
            {
                Interlocked.Increment(ref frozen);
            }

            if (driver.Accepted.Count == 0)
            {
                return;
            }

            var problems = await ScenarioCheck.CompareAsync(driver, new Scenario(driver.Accepted), frozenBefore: line);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"{problems.Count} answers differ from the model; first: {string.Join("\n", problems.Take(8))}");
            }
        }, writeLine: line => TestContext.Current.SendDiagnosticMessage(line), seed: Environment.GetEnvironmentVariable("MARKET_MODEL_SEED"), iter: Sequences, threads: 1,
           print: scenario => scenario.ToString());

        TestContext.Current.SendDiagnosticMessage($"{Sequences} sequences: {frozen} froze landing dates, {refusals} loads refused");
        Assert.True(frozen > 0 && refusals > 0, $"the sequences must exercise the retention: {frozen} froze landing dates, {refusals} loads were refused");
    }

    private static string Dates(IEnumerable<DateOnly> dates) =>
        string.Join(", ", dates.Select(d => $"'{d:yyyy-MM-dd}'").DefaultIfEmpty("NULL"));
}
