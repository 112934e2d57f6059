using CsCheck;
using MarketAspire.JobHosting.Listings;
using MarketAspire.Warehouse.CorporateActions;

namespace MarketAspire.Tests.SecurityMaster;

/// <summary>
/// The security master's versioning rule on generated landings, against a reference that never stores intervals: as of
/// landing date D, a state's rows are those of the latest list on or before D that has a row (an empty or rejected
/// answer keeps the previous universe). Loads in any order, with re-runs, must give that answer for every date.
/// </summary>
public class SecurityHistoryPropertyTests
{
    private static readonly string[] Symbols = ["AAA", "BBB", "CCC"];
    private static readonly string[] Exchanges = ["NYSE", "NASDAQ"];
    private static readonly DateOnly First = new(2020, 1, 31);

    /// <summary>A symbol's row in one list: absent (0) or listed on one of two exchanges under one of two names.</summary>
    private static readonly Gen<int[]> ListGen = Gen.Int[0, 4].Array[Symbols.Length];

    private static IReadOnlyList<ListingRow> Rows(int[] choice) => [.. Symbols.Select((symbol, i) => (symbol, c: choice[i])).Where(x => x.c > 0)
        .Select(x => new ListingRow(x.symbol, x.c > 2 ? $"{x.symbol} Renamed Corp" : $"{x.symbol} Corp", Exchanges[x.c % 2], "Stock", new DateOnly(2001, 1, 2), null, ListingRow.Active))];

    [Fact]
    public void Any_load_order_gives_each_date_the_rows_of_its_latest_list_that_has_one()
    {
        var landings = Gen.Select(ListGen.Array[2, 6], Gen.Int[0, 1000]);
        landings.Sample(sample =>
        {
            var (lists, seed) = sample;
            var dates = lists.Select((_, i) => First.AddMonths(i)).ToList();
            var order = Enumerable.Range(0, lists.Length).Concat([seed % lists.Length]).OrderBy(i => (i * 7919 + seed) % 101).ToList();

            IReadOnlyList<EntryVersion<ListingRow>> versions = [];
            IReadOnlyList<DateOnly> counted = [];
            foreach (var i in order)
            {
                (versions, counted) = ListHistory.Replace(versions, counted, dates[i], Rows(lists[i]));
            }

            foreach (var (date, i) in dates.Select((d, i) => (d, i)))
            {
                var latest = Enumerable.Range(0, i + 1).Reverse().Select(j => Rows(lists[j])).FirstOrDefault(r => r.Count > 0) ?? [];
                var stored = versions.Where(v => v.From <= date && (v.Until is not { } until || date < until)).Select(v => v.Entry).ToList();
                Assert.Equal(latest.OrderBy(r => r.Symbol), stored.OrderBy(r => r.Symbol));
            }

            // One version per symbol at a time: a change of name or exchange closes the previous version.
            foreach (var symbol in Symbols)
            {
                var own = versions.Where(v => v.Entry.Symbol == symbol).OrderBy(v => v.From).ToList();
                Assert.All(own.Zip(own.Skip(1)), pair => Assert.True(pair.First.Until is { } until && until <= pair.Second.From));
            }
        }, iter: 300);
    }
}
