using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.MarketApiSimulator;

public readonly record struct DailyBar(DateOnly Date, decimal Open, decimal High, decimal Low, decimal Close, long Volume);

/// <summary>
/// Deterministic, plausible daily bars per symbol: a random walk seeded by the symbol, one bar per NYSE trading day
/// from 2000-01-03, as traded: the walk's price divided (its volume multiplied) by the splits of
/// <see cref="CorporateActions"/> in effect. A day's bar never depends on the date asked for, so every "as of" date sees
/// the same history.
/// </summary>
public static class PriceSeriesGenerator
{
    public static readonly DateOnly FirstDay = new(2000, 1, 3);
    public const int CompactDays = 100;

    /// <summary>The bars up to <paramref name="asOf"/>, newest first; <paramref name="days"/> limits how many.</summary>
    public static List<DailyBar> Generate(string symbol, DateOnly asOf, int? days)
    {
        var seed = StableSeed(symbol);
        var random = new Random(seed);
        var close = 20m + (seed % 480);
        var baseVolume = 1_000_000 + (seed % 9_000_000);
        var bars = new List<DailyBar>();
        var splits = CorporateActions.Splits(symbol);
        var inEffect = 0;
        var factor = 1m;

        foreach (var day in NyseCalendar.TradingDays(FirstDay, asOf))
        {
            while (inEffect < splits.Count && splits[inEffect].EffectiveDate <= day)
            {
                factor *= splits[inEffect++].Factor;
            }

            var gap = (decimal)((random.NextDouble() - 0.5) * 0.01);
            var move = (decimal)((random.NextDouble() - 0.49) * 0.04);
            var open = Round(close * (1 + gap));
            var next = Round(Math.Max(0.5m, close * (1 + move)));
            var high = Round(Math.Max(open, next) * (1 + (decimal)(random.NextDouble() * 0.01)));
            var low = Round(Math.Min(open, next) * (1 - (decimal)(random.NextDouble() * 0.01)));
            var volume = (long)(baseVolume * (0.5 + random.NextDouble()));
            bars.Add(new DailyBar(day, Round(open / factor), Round(high / factor), Round(low / factor), Round(next / factor), (long)(volume * factor)));
            close = next;
        }

        bars.Reverse();
        return days is { } n && bars.Count > n ? bars[..n] : bars;
    }

    /// <summary>
    /// A vendor's restatement of past bars (newest-first <paramref name="bars"/>): the bar 2 trading days back revised by
    /// +0.5 %, the ones 10 and 20 back by +5 % (a small late correction, and two rewrites of older history).
    /// </summary>
    public static void Restate(List<DailyBar> bars)
    {
        foreach (var (index, factor) in new[] { (2, 1.005m), (10, 1.05m), (20, 1.05m) })
        {
            if (index < bars.Count)
            {
                var bar = bars[index];
                bars[index] = bar with { Open = Round(bar.Open * factor), High = Round(bar.High * factor), Low = Round(bar.Low * factor), Close = Round(bar.Close * factor) };
            }
        }
    }

    /// <summary>Writes Alpha Vantage's TIME_SERIES_DAILY body: string values, dates as keys, newest first, 4-space indent.</summary>
    public static void WriteDailySeries(IBufferWriter<byte> output, string symbol, IReadOnlyList<DailyBar> bars, bool full)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, IndentSize = 4 });
        json.WriteStartObject();
        json.WriteStartObject("Meta Data");
        json.WriteString("1. Information", "Daily Prices (open, high, low, close) and Volumes");
        json.WriteString("2. Symbol", symbol);
        json.WriteString("3. Last Refreshed", bars.Count > 0 ? Format(bars[0].Date) : "");
        json.WriteString("4. Output Size", full ? "Full size" : "Compact");
        json.WriteString("5. Time Zone", "US/Eastern");
        json.WriteEndObject();
        json.WriteStartObject("Time Series (Daily)");
        foreach (var bar in bars)
        {
            json.WriteStartObject(Format(bar.Date));
            json.WriteString("1. open", bar.Open.ToString("F4", CultureInfo.InvariantCulture));
            json.WriteString("2. high", bar.High.ToString("F4", CultureInfo.InvariantCulture));
            json.WriteString("3. low", bar.Low.ToString("F4", CultureInfo.InvariantCulture));
            json.WriteString("4. close", bar.Close.ToString("F4", CultureInfo.InvariantCulture));
            json.WriteString("5. volume", bar.Volume.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    /// <summary>FNV-1a: the same seed for a symbol on every machine and run (string.GetHashCode is randomized).</summary>
    internal static int StableSeed(string symbol)
    {
        var hash = 2166136261u;
        foreach (var c in symbol)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
