using System.Globalization;

namespace MarketAspire.Tests.PointInTime;

/// <summary>Compares every answer the warehouse gives after a scenario with the reference model's; returns the differences.</summary>
internal static class ScenarioCheck
{
    /// <param name="frozenBefore">Staging's retention line: a landing date before it has left staging, so it has nothing to reconcile.</param>
    public static async Task<List<string>> CompareAsync(WarehouseDriver driver, Scenario scenario, bool checkpoints = true, DateOnly frozenBefore = default)
    {
        var lake = scenario.FinalLake();
        var model = new ReferenceModel(lake);
        var problems = new List<string>();

        // As of every landing date, and the days between and around them: exactly the model's version of each bar, or none.
        var (first, last) = (lake.Keys.Min().AddDays(-1), lake.Keys.Max().AddDays(1));
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            ComparePrices($"as of landing date {day:yyyy-MM-dd}", await driver.VersionsAsOfLandingAsync(day), model.PricesAsOf(day), problems);
            foreach (var symbol in ScenarioGen.Symbols)
            {
                CompareLists($"{symbol} splits as of {day:yyyy-MM-dd}", (await driver.SplitsAsOfAsync(day)).Where(s => s.Symbol == symbol).Select(s => s.Split), model.SplitsAsOf(symbol, day), problems);
                CompareLists($"{symbol} dividends as of {day:yyyy-MM-dd}", (await driver.DividendsAsOfAsync(day)).Where(s => s.Symbol == symbol).Select(s => s.Dividend), model.DividendsAsOf(symbol, day), problems);
            }
        }

        ComparePrices("fct_stock_prices", await driver.CurrentRowsAsync(), model.PricesAsOf(DateOnly.MaxValue), problems);

        // As of a load time: what fct_stock_prices held after each load that ran alone, and never two versions at once.
        foreach (var (at, expected) in checkpoints ? driver.Checkpoints : [])
        {
            ComparePrices($"as of load time {at:O}", await driver.VersionsAsOfLoadTimeAsync(at), expected, problems);
        }

        foreach (var at in await driver.LoadTimesAsync())
        {
            foreach (var twice in (await driver.VersionsAsOfLoadTimeAsync(at)).GroupBy(v => (v.Symbol, v.Date)).Where(g => g.Count() > 1))
            {
                problems.Add($"as of load time {at:O}: {twice.Count()} versions of {twice.Key.Symbol} {twice.Key.Date:yyyy-MM-dd}");
            }
        }

        foreach (var symbol in ScenarioGen.Symbols)
        {
            CompareAdjusted($"{symbol} stock_prices_adjusted", await driver.AdjustedViewAsync(symbol), model.AdjustedAsOf(symbol, DateOnly.MaxValue), problems);
            foreach (var landing in lake.Keys)
            {
                CompareAdjusted($"{symbol} adjusted as of {landing:yyyy-MM-dd}", await driver.AdjustedAsOfAsync(symbol, landing), model.AdjustedAsOf(symbol, landing), problems);
            }
        }

        foreach (var landing in lake.Keys.Where(l => l >= frozenBefore))
        {
            if (await driver.ReconciliationMissesAsync(landing) is > 0 and var misses)
            {
                problems.Add($"reconciliation of {landing:yyyy-MM-dd}: {misses} staged rows are not the version as of that landing date");
            }
        }

        return problems;
    }

    private static void ComparePrices(
        string what, List<(string Symbol, DateOnly Date, BarValues Values, DateOnly PartitionDate)> actual, Dictionary<(string, DateOnly), ModelVersion> expected, List<string> problems)
    {
        foreach (var twice in actual.GroupBy(v => (v.Symbol, v.Date)).Where(g => g.Count() > 1))
        {
            problems.Add($"{what}: {twice.Count()} versions of {twice.Key.Symbol} {twice.Key.Date:yyyy-MM-dd}");
        }

        var found = actual.GroupBy(v => (v.Symbol, v.Date)).ToDictionary(g => g.Key, g => g.First());
        foreach (var (key, version) in expected)
        {
            if (!found.TryGetValue(key, out var row))
            {
                problems.Add($"{what}: no version of {key.Item1} {key.Item2:yyyy-MM-dd}; expected close {version.Values.Close} from {version.FirstDelivered:yyyy-MM-dd}");
            }
            else if (row.Values != version.Values || row.PartitionDate != version.FirstDelivered)
            {
                problems.Add($"{what}: {key.Item1} {key.Item2:yyyy-MM-dd} is close {row.Values.Close}{(row.Values.Provisional ? " provisional" : "")} from {row.PartitionDate:yyyy-MM-dd}; expected close {version.Values.Close}{(version.Values.Provisional ? " provisional" : "")} from {version.FirstDelivered:yyyy-MM-dd}");
            }
        }

        foreach (var extra in found.Keys.Where(k => !expected.ContainsKey(k)))
        {
            problems.Add($"{what}: a version of {extra.Item1} {extra.Item2:yyyy-MM-dd} where none was delivered");
        }
    }

    private static void CompareLists<T>(string what, IEnumerable<T> actual, IReadOnlyList<T> expected, List<string> problems)
    {
        var (a, e) = (actual.Select(x => x!.ToString()!).Order(StringComparer.Ordinal).ToList(), expected.Select(x => x!.ToString()!).Order(StringComparer.Ordinal).ToList());
        if (!a.SequenceEqual(e))
        {
            problems.Add($"{what}: [{string.Join("; ", a)}], expected [{string.Join("; ", e)}]");
        }
    }

    private static void CompareAdjusted(string what, List<AdjustedBar> actual, IReadOnlyList<AdjustedBar> expected, List<string> problems)
    {
        if (actual.Count != expected.Count)
        {
            problems.Add($"{what}: {actual.Count} bars, expected {expected.Count}");
            return;
        }

        foreach (var (a, e) in actual.Zip(expected))
        {
            if (a.Date != e.Date || !Close(a.SplitFactor, e.SplitFactor) || !Close(a.DividendFactor, e.DividendFactor)
                || !Close(a.CloseSplitAdjusted, e.CloseSplitAdjusted) || !Close(a.CloseTotalReturn, e.CloseTotalReturn))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{what} {a.Date:yyyy-MM-dd}: split {a.SplitFactor:G10} adjusted close {a.CloseSplitAdjusted} dividend {a.DividendFactor:G10} total return {a.CloseTotalReturn}; expected {e.SplitFactor:G10} {e.CloseSplitAdjusted} {e.DividendFactor:G10} {e.CloseTotalReturn}"));
            }
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    private static bool Close(decimal? a, decimal? b) =>
        a is null || b is null ? a == b : Math.Abs(a.Value - b.Value) <= 0.00011m + 1e-9m * Math.Abs(b.Value);
}
