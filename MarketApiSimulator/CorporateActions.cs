using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.MarketApiSimulator;

/// <param name="Factor">New shares per old share: 4 for a 4:1 split, 1.5 for 3:2, 0.1 for a 1:10 reverse split.</param>
public readonly record struct SplitEvent(DateOnly EffectiveDate, decimal Factor);

public readonly record struct DividendEvent(DateOnly ExDate, DateOnly DeclarationDate, DateOnly RecordDate, DateOnly PaymentDate, decimal Amount);

/// <summary>
/// Each symbol's deterministic corporate actions, consistent with <see cref="PriceSeriesGenerator"/>'s raw prices (the
/// raw price divides by the split factor on the effective date): a 1:10 reverse split in 2009, a 3:2 split in 2014 and a
/// 4:1 split in 2020 (a few trading days apart per symbol), quarterly dividends from 2010 and one special dividend.
/// </summary>
public static class CorporateActions
{
    private static readonly (DateOnly Date, decimal Factor)[] BaseSplits =
        [(new DateOnly(2009, 3, 2), 0.1m), (new DateOnly(2014, 6, 9), 1.5m), (new DateOnly(2020, 8, 31), 4m)];

    /// <summary>The symbol's splits, oldest first.</summary>
    public static IReadOnlyList<SplitEvent> Splits(string symbol)
    {
        var offset = PriceSeriesGenerator.StableSeed(symbol) % 5;
        return BaseSplits.Select(s => new SplitEvent(TradingDaysAfter(s.Date, offset), s.Factor)).ToList();
    }

    /// <summary>
    /// The symbol's dividends declared by <paramref name="asOf"/>, oldest first: as Alpha Vantage's list does, it holds
    /// the declared ones whose ex-date is still ahead (declared 14 days before it, sized on the latest close).
    /// </summary>
    public static IReadOnlyList<DividendEvent> Dividends(string symbol, DateOnly asOf)
    {
        var closes = PriceSeriesGenerator.Generate(symbol, asOf, null).ToDictionary(b => b.Date, b => b.Close);
        var latest = closes.Count == 0 ? (DateOnly?)null : closes.Keys.Max();
        var dividends = new List<DividendEvent>();
        for (var year = 2010; year <= asOf.Year + 1; year++)
        {
            foreach (var month in new[] { 2, 5, 8, 11 })
            {
                Add(new DateOnly(year, month, 10), 1);
            }

            if (year == 2018)
            {
                Add(new DateOnly(2018, 12, 14), 5); // a special dividend
            }
        }

        return dividends.Where(d => d.DeclarationDate <= asOf).OrderBy(d => d.ExDate).ToList();

        void Add(DateOnly from, int multiple)
        {
            var ex = TradingDaysAfter(from, 0);
            var previous = NyseCalendar.PreviousTradingDay(ex);
            if (closes.TryGetValue(previous > asOf && latest is { } last ? last : previous, out var close))
            {
                dividends.Add(new DividendEvent(ex, ex.AddDays(-14), NyseCalendar.NextTradingDay(ex), ex.AddDays(21),
                    Math.Round(close * 0.004m * multiple, 2, MidpointRounding.AwayFromZero)));
            }
        }
    }

    /// <summary>Alpha Vantage's SPLITS body: <c>{"symbol": ..., "data": [{"effective_date", "split_factor"}]}</c>, newest first.</summary>
    public static void WriteSplits(IBufferWriter<byte> output, string symbol, IEnumerable<SplitEvent> splits)
    {
        using var json = Writer(output, symbol);
        foreach (var split in splits.OrderByDescending(s => s.EffectiveDate))
        {
            json.WriteStartObject();
            json.WriteString("effective_date", Format(split.EffectiveDate));
            json.WriteString("split_factor", split.Factor.ToString("F4", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        End(json);
    }

    /// <summary>Alpha Vantage's DIVIDENDS body: <c>{"symbol": ..., "data": [{"ex_dividend_date", "declaration_date", "record_date", "payment_date", "amount"}]}</c>, newest first.</summary>
    public static void WriteDividends(IBufferWriter<byte> output, string symbol, IEnumerable<DividendEvent> dividends)
    {
        using var json = Writer(output, symbol);
        foreach (var dividend in dividends.OrderByDescending(d => d.ExDate))
        {
            json.WriteStartObject();
            json.WriteString("ex_dividend_date", Format(dividend.ExDate));
            json.WriteString("declaration_date", Format(dividend.DeclarationDate));
            json.WriteString("record_date", Format(dividend.RecordDate));
            json.WriteString("payment_date", Format(dividend.PaymentDate));
            json.WriteString("amount", dividend.Amount.ToString("0.00##", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        End(json);
    }

    private static Utf8JsonWriter Writer(IBufferWriter<byte> output, string symbol)
    {
        var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, IndentSize = 4 });
        json.WriteStartObject();
        json.WriteString("symbol", symbol);
        json.WriteStartArray("data");
        return json;
    }

    private static void End(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    private static DateOnly TradingDaysAfter(DateOnly date, int days)
    {
        var day = NyseCalendar.IsTradingDay(date) ? date : NyseCalendar.NextTradingDay(date);
        for (var i = 0; i < days; i++)
        {
            day = NyseCalendar.NextTradingDay(day);
        }

        return day;
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
