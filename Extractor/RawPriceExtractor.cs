using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor.Landing;
using MarketAspire.Extractor.MarketApi;

namespace MarketAspire.Extractor;

/// <summary>
/// Materializes <c>raw_stock_prices</c> for one landing date: fetches each symbol's daily series and lands the bytes.
/// A plain class with one entry point, so a console job and a Lambda handler can both call it.
/// One symbol's failure does not stop the others; a spent daily quota or an invalid key stops the run cleanly.
/// </summary>
public sealed class RawPriceExtractor(
    AlphaVantageClient client,
    RawLanding landing,
    ApiRequestLoop requests,
    MarketApiSettings settings,
    TimeProvider time,
    ILogger<RawPriceExtractor> logger)
{
    public Task<ExtractionResult> ExtractAsync(DailyPartition partition, IReadOnlyList<string> symbols, CancellationToken ct) =>
        ExtractAsync(partition, symbols, new StopSignal(), ct);

    /// <param name="stop">Set when the run must stop (a spent quota, a rejected key); later requests of the run see it too.</param>
    /// <param name="outputSize"><c>compact</c> or <c>full</c> for this run (history asks for <c>full</c>); null for the configured size.</param>
    public async Task<ExtractionResult> ExtractAsync(
        DailyPartition partition, IReadOnlyList<string> symbols, StopSignal stop, CancellationToken ct, string? outputSize = null)
    {
        var size = outputSize ?? settings.OutputSize;
        var invalid = symbols.Where(s => !SymbolList.IsValid(s)).ToList();
        if (invalid.Count > 0)
        {
            throw new ArgumentException($"Invalid symbols, none requested: {string.Join(", ", invalid.Select(s => $"'{s}'"))}.", nameof(symbols));
        }

        if (LiveSource.WhyNot(partition, settings, time) is { } refusal)
        {
            ExtractorLog.Stopping(logger, "(none requested)", refusal);
            return new ExtractionResult(partition, symbols.Select(s => new SymbolResult(s, SymbolStatus.Remaining)).ToList(), refusal);
        }

        var results = new SymbolResult?[symbols.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, symbols.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (i, token) => results[i] = await ExtractSymbolAsync(partition, symbols[i], size, stop, token));

        var result = new ExtractionResult(partition, results.Select((r, i) => r ?? new SymbolResult(symbols[i], SymbolStatus.Remaining)).ToList(), stop.Reason);
        ExtractorLog.PartitionExtracted(logger, partition.Key, result.Summary());
        return result;
    }

    private async Task<SymbolResult> ExtractSymbolAsync(DailyPartition partition, string symbol, string outputSize, StopSignal stop, CancellationToken ct)
    {
        if (stop.Reason is not null)
        {
            return new SymbolResult(symbol, SymbolStatus.Remaining);
        }

        // A full history already landed for this date is kept: asking again would spend quota for a subset of it.
        var existing = await landing.ExistingAsync(partition, symbol, ct);
        if (existing is { IsFullHistory: true })
        {
            ExtractorLog.SymbolLanded(logger, symbol, existing.Bytes, 0, existing.Key, true);
            return new SymbolResult(symbol, SymbolStatus.Unchanged, existing.Key, existing.Bytes, existing.Sha256, Version: existing.Version);
        }

        return await requests.RunAsync(symbol, stop, stopOnPremium: outputSize == "full",
            token => client.GetDailyAsync(symbol, outputSize, partition.Date, token),
            async (response, fetchedAt) =>
            {
                var landed = await landing.LandAsync(partition, symbol, response.Body, outputSize,
                    client.SafeUrl(symbol, outputSize), fetchedAt, existing, ct);
                ExtractorLog.SymbolLanded(logger, symbol, landed.Bytes, response.SeriesDays, landed.Key, landed.Unchanged);
                return new SymbolResult(symbol, landed.Unchanged ? SymbolStatus.Unchanged : SymbolStatus.Landed,
                    landed.Key, landed.Bytes, landed.Sha256, response.SeriesDays, Version: landed.Version, SplitLikeGap: SplitLikeGaps.Latest(response.Body));
            },
            ct);
    }
}
