using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Extractor;

/// <summary>
/// <c>raw_stock_prices</c> observes a live source: a partition is what the API said on that landing date. Alpha Vantage
/// has no "as of", so only today's landing date can be fetched; a past one cannot be fetched again (only the simulator
/// with time travel can pretend to).
/// </summary>
public static class LiveSource
{
    /// <summary>Why <paramref name="partition"/> cannot be extracted now, or null when it can.</summary>
    public static string? WhyNot(DailyPartition partition, MarketApiSettings settings, TimeProvider time)
    {
        var today = DailyPartition.Latest(time);
        if (settings.TimeTravel || partition == today)
        {
            return null;
        }

        return partition.Date < today.Date
            ? $"raw_stock_prices {partition} cannot be fetched now: the market API has no \"as of\" and answers only with today's " +
              $"series ({today}). Rebuild what depends on it from the raw objects already landed " +
              "(Orchestrator backfill --asset staged_stock_prices --downstream), or load history with 'Orchestrator history' (premium key)."
            : $"raw_stock_prices {partition} is a future landing date (today in New York is {today}).";
    }

    /// <summary>The one line a command prints when it refuses a range: how many partitions, and why.</summary>
    public static string Refusal(IReadOnlyCollection<DailyPartition> partitions, DailyPartition today) =>
        $"refused: {partitions.Count} partition(s) ({partitions.Min()}..{partitions.Max()}) would need raw_stock_prices for a landing date other " +
        $"than today ({today}), which a live API cannot answer: it has no \"as of\" and returns today's series. Nothing was requested. " +
        "Rebuild past partitions from the raw objects already landed with --asset staged_stock_prices --downstream, and load history with " +
        $"'Orchestrator history' (premium key). Only the simulator with {SettingKeys.MarketApiTimeTravel}=true can travel in time.";
}
