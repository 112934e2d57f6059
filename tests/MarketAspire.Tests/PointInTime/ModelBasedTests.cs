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
            var problems = await ScenarioCheck.CompareAsync(driver, scenario);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"{problems.Count} answers differ from the model; first: {string.Join("\n", problems.Take(8))}");
            }
        }, writeLine: line => TestContext.Current.SendDiagnosticMessage(line), seed: Environment.GetEnvironmentVariable("MARKET_MODEL_SEED"), iter: Sequences, threads: 1,
           print: scenario => scenario.ToString());

        TestContext.Current.SendDiagnosticMessage($"{Sequences} sequences in {(DateTimeOffset.UtcNow - started).TotalSeconds:F0} s");
    }
}
