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
    MarketApiSettings settings,
    TimeProvider time,
    ILogger<RawPriceExtractor> logger)
{
    private const int QuotaRetries = 3;
    private const int TransientBodyRetries = 2;

    public async Task<ExtractionResult> ExtractAsync(DailyPartition partition, IReadOnlyList<string> symbols, CancellationToken ct)
    {
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

        var stop = new StopSignal();
        var results = new SymbolResult?[symbols.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, symbols.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (i, token) => results[i] = await ExtractSymbolAsync(partition, symbols[i], stop, token));

        var result = new ExtractionResult(partition, results.Select((r, i) => r ?? new SymbolResult(symbols[i], SymbolStatus.Remaining)).ToList(), stop.Reason);
        ExtractorLog.PartitionExtracted(logger, partition.Key, result.Summary());
        return result;
    }

    private async Task<SymbolResult> ExtractSymbolAsync(DailyPartition partition, string symbol, StopSignal stop, CancellationToken ct)
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

        for (var attempt = 0; ; attempt++)
        {
            if (stop.Reason is not null)
            {
                return new SymbolResult(symbol, SymbolStatus.Remaining);
            }

            var fetchedAt = time.GetUtcNow();
            var response = await client.GetDailyAsync(symbol, settings.OutputSize, partition.Date, ct);
            switch (response.Outcome)
            {
                case ApiOutcome.Series:
                    var landed = await landing.LandAsync(partition, symbol, response.Body, settings.OutputSize,
                        client.SafeUrl(symbol, settings.OutputSize), fetchedAt, existing, ct);
                    ExtractorLog.SymbolLanded(logger, symbol, landed.Bytes, response.SeriesDays, landed.Key, landed.Unchanged);
                    return new SymbolResult(symbol, landed.Unchanged ? SymbolStatus.Unchanged : SymbolStatus.Landed,
                        landed.Key, landed.Bytes, landed.Sha256, response.SeriesDays, Version: landed.Version);

                case ApiOutcome.RateLimited when attempt < QuotaRetries:
                    var delay = (response.RetryAfter ?? settings.QuotaRetryDelay * Math.Pow(2, attempt)) * (0.8 + (Random.Shared.NextDouble() * 0.4));
                    ExtractorLog.RateLimited(logger, symbol, attempt + 1, (long)delay.TotalMilliseconds, response.Message);
                    await Task.Delay(delay, time, ct);
                    continue;

                case ApiOutcome.Failed when response.Transient && attempt < TransientBodyRetries:
                    ExtractorLog.RateLimited(logger, symbol, attempt + 1, (long)settings.RetryBaseDelay.TotalMilliseconds, response.Message);
                    await Task.Delay(settings.RetryBaseDelay, time, ct);
                    continue;

                case ApiOutcome.ClientLimitReached:
                    stop.Set(response.Message);
                    ExtractorLog.Stopping(logger, symbol, response.Message);
                    return new SymbolResult(symbol, SymbolStatus.Remaining);

                case ApiOutcome.DailyQuotaSpent:
                    stop.Set($"the API's daily quota is spent ({response.Message})");
                    ExtractorLog.Stopping(logger, symbol, stop.Reason!);
                    return new SymbolResult(symbol, SymbolStatus.Remaining);

                case ApiOutcome.PremiumOnly when settings.OutputSize == "full":
                    // Every other symbol would get the same answer: stop instead of spending the quota on it.
                    stop.Set($"{MarketApiSettings.OutputSizeKey}=full needs a premium Alpha Vantage key; this key is on the free tier ({response.Message})");
                    ExtractorLog.Stopping(logger, symbol, stop.Reason!);
                    return new SymbolResult(symbol, SymbolStatus.Failed, Reason: response.Message);

                case ApiOutcome.InvalidKey:
                    stop.Set($"the API rejected the key ({response.Message})");
                    ExtractorLog.Stopping(logger, symbol, stop.Reason!);
                    return new SymbolResult(symbol, SymbolStatus.Failed, Reason: response.Message);

                default:
                    var reason = response.Outcome == ApiOutcome.RateLimited ? $"still rate limited after {QuotaRetries} retries: {response.Message}"
                        : response.Transient ? $"{response.Message} (after {TransientBodyRetries} retries)"
                        : response.Message;
                    ExtractorLog.SymbolFailed(logger, symbol, reason);
                    return new SymbolResult(symbol, SymbolStatus.Failed, Reason: reason);
            }
        }
    }

    private sealed class StopSignal
    {
        private string? _reason;

        public string? Reason => Volatile.Read(ref _reason);

        public void Set(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);
    }
}
