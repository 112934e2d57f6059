using System.Globalization;
using System.Text;
using CsCheck;

namespace MarketAspire.Tests.PointInTime;

/// <summary>Load a landing date with this content (a re-run when it was loaded before); together with the next step when <paramref name="WithNext"/>.</summary>
public sealed record LoadStep(DateOnly Landing, LandingContent Content, bool WithNext);

/// <summary>A sequence of loads; the lake ends holding each landing date's last loaded content.</summary>
public sealed record Scenario(IReadOnlyList<LoadStep> Steps)
{
    public IReadOnlyDictionary<DateOnly, LandingContent> FinalLake() =>
        Steps.GroupBy(s => s.Landing).ToDictionary(g => g.Key, g => g.Last().Content);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var step in Steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"load {step.Landing:yyyy-MM-dd}{(step.WithNext ? " (concurrently with the next)" : "")}:");
            foreach (var group in step.Content.Bars.GroupBy(b => b.Key.Symbol).OrderBy(g => g.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $" {group.Key}[{string.Join(' ', group.OrderBy(b => b.Key.Date).Select(b => $"{b.Key.Date:MM-dd}={Describe(b.Value)}"))}]");
            }

            foreach (var (symbol, splits) in step.Content.Splits.Where(s => s.Value is not null))
            {
                text.Append(CultureInfo.InvariantCulture, $" {symbol}.splits[{string.Join(' ', splits!.Select(s => $"{s.EffectiveDate:MM-dd}x{s.Factor}"))}]");
            }

            foreach (var (symbol, dividends) in step.Content.Dividends.Where(s => s.Value is not null))
            {
                text.Append(CultureInfo.InvariantCulture, $" {symbol}.dividends[{string.Join(' ', dividends!.Select(d => $"{d.ExDate:MM-dd}:{d.Amount}"))}]");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Describe(BarValues bar) => (bar.Close?.ToString(CultureInfo.InvariantCulture) ?? "null") + (bar.Provisional ? "p" : "");
}

/// <summary>
/// Generated scenarios: two symbols, five trading days of bars, two to five landing dates loaded in any order, re-runs
/// with other content, pairs loaded concurrently; bars restated and restated back, dropped, NULL or provisional; splits
/// (a 4:1, a 1:2 and a tiny reverse factor) and dividends (a split and a dividend on one day, a regular and a special
/// one on one ex-date, an ex-date with no bar before it, a declared one after the last bar) in lists that may be empty.
/// </summary>
public static class ScenarioGen
{
    public static readonly string[] Symbols = ["AAA", "BBB"];

    public static readonly DateOnly[] PriceDates = [new(2026, 1, 5), new(2026, 1, 6), new(2026, 1, 7), new(2026, 1, 8), new(2026, 1, 9)];

    private static readonly DateOnly[] LandingDates = [.. Enumerable.Range(0, 10).Select(i => new DateOnly(2026, 1, 6).AddDays(i))];

    private static readonly decimal[] Closes = [104m, 26m, 25.5m];

    private static readonly Split[] SplitPool = [new(new DateOnly(2026, 1, 7), 4m), new(new DateOnly(2026, 1, 6), 0.5m), new(new DateOnly(2026, 1, 9), 0.0000004m)];

    private static readonly Dividend[] DividendPool =
    [
        new(new DateOnly(2026, 1, 7), 0.26m), new(new DateOnly(2026, 1, 7), 0.5m), new(new DateOnly(2026, 1, 8), 0.3m),
        new(new DateOnly(2026, 1, 5), 0.2m), new(new DateOnly(2026, 1, 20), 0.1m), new(new DateOnly(2026, 1, 8), 0.31m),
    ];

    /// <summary>0: no bar; 1-3: a close from the pool; 4: a NULL close; 5: the first close, provisional.</summary>
    private static readonly Gen<int> BarChoice = Gen.Frequency((2, Gen.Const(0)), (10, Gen.Int[1, 3]), (1, Gen.Const(4)), (1, Gen.Const(5)));

    private static readonly Gen<(int[] Bars, int[] Objects, int[] SplitMask, int[] DividendMask)> RawContent =
        Gen.Select(BarChoice.Array[Symbols.Length * PriceDates.Length], Gen.Int[0, 5].Array[Symbols.Length * 3], Gen.Int[0, 1].Array[Symbols.Length * SplitPool.Length], Gen.Int[0, 1].Array[Symbols.Length * DividendPool.Length]);

    public static readonly Gen<Scenario> Scenarios =
        from count in Gen.Int[2, 5]
        from landings in Gen.Shuffle(LandingDates, count)
        from contents in RawContent.Array[count]
        from reruns in Gen.Select(Gen.Int[0, count - 1], Gen.Int[0, count], RawContent).Array[0, 2]
        from together in Gen.Int[0, 3].Array[count + 2]
        select Build(landings, contents, reruns, together);

    private static Scenario Build(DateOnly[] landings, (int[], int[], int[], int[])[] contents, (int Landing, int Position, (int[], int[], int[], int[]) Content)[] reruns, int[] together)
    {
        var steps = landings.Select((l, i) => (Landing: l, Content: Content(l, contents[i]))).ToList();
        foreach (var rerun in reruns)
        {
            var landing = landings[rerun.Landing];
            var position = Math.Max(rerun.Position, steps.FindIndex(s => s.Landing == landing) + 1);
            steps.Insert(Math.Min(position, steps.Count), (landing, Content(landing, rerun.Content)));
        }

        // Two steps run concurrently only when they load different landing dates.
        return new Scenario(steps.Select((s, i) => new LoadStep(s.Landing, s.Content,
            i + 1 < steps.Count && together[Math.Min(i, together.Length - 1)] == 0 && steps[i + 1].Landing != s.Landing)).ToList());
    }

    public static LandingContent Content(DateOnly landing, (int[] Bars, int[] Objects, int[] SplitMask, int[] DividendMask) raw)
    {
        var bars = new Dictionary<(string, DateOnly), BarValues>();
        var splits = new Dictionary<string, IReadOnlyList<Split>?>();
        var dividends = new Dictionary<string, IReadOnlyList<Dividend>?>();
        for (var s = 0; s < Symbols.Length; s++)
        {
            var symbol = Symbols[s];
            if (raw.Objects[s * 3] > 0)
            {
                for (var d = 0; d < PriceDates.Length && PriceDates[d] <= landing; d++)
                {
                    if (Bar(raw.Bars[s * PriceDates.Length + d]) is { } bar)
                    {
                        bars[(symbol, PriceDates[d])] = bar;
                    }
                }
            }

            // Split and dividend objects are present half the time; a present list may be empty. A split after the
            // landing date is an entry the parser rejects, so the generator leaves it out.
            splits[symbol] = raw.Objects[s * 3 + 1] < 3 ? null
                : SplitPool.Where((p, i) => raw.SplitMask[s * SplitPool.Length + i] == 1 && p.EffectiveDate <= landing).ToList();
            dividends[symbol] = raw.Objects[s * 3 + 2] < 3 ? null
                : DividendPool.Where((_, i) => raw.DividendMask[s * DividendPool.Length + i] == 1).ToList();
        }

        return new LandingContent(bars, splits, dividends);
    }

    private static BarValues? Bar(int choice) => choice switch
    {
        0 => null,
        4 => new BarValues(25m, 26m, 24m, null, 1000, false),
        5 => new BarValues(Closes[0], Closes[0], Closes[0], Closes[0], 500, true),
        _ => new BarValues(Closes[choice - 1], Closes[choice - 1] + 1, Closes[choice - 1] - 1, Closes[choice - 1], 1000 + choice, false),
    };
}
