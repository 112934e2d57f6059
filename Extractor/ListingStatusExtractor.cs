using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor.Landing;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Extractor;

/// <summary>
/// Materializes <c>raw_listing_status</c>: the active and the delisted LISTING_STATUS lists, landed byte-exact at
/// <c>raw/listing_status/YYYY-MM-DD/{active|delisted}.csv</c>, one request each per landing date (a list already landed
/// for the date is not asked again). Unlike a price series, a list has an "as of": today's landing date asks for
/// today's list, a past one for the list on that date (<c>date=</c>, which Alpha Vantage serves after 2010-01-01).
/// </summary>
public sealed class ListingStatusExtractor(AlphaVantageClient client, RawLanding landing, ApiRequestLoop requests, TimeProvider time)
{
    /// <summary>Requests for one landing date's lists: active and delisted.</summary>
    public static int RequestsPerLandingDate => LakeKeys.ListingStates.Count;

    /// <summary>The first date Alpha Vantage's <c>date=</c> travels back to is the day after this one.</summary>
    public static readonly DateOnly EarliestDate = new(2010, 1, 1);

    public async Task<ExtractionResult> ExtractAsync(DailyPartition partition, StopSignal stop, CancellationToken ct)
    {
        var today = DailyPartition.Latest(time);
        if (partition.Date > today.Date || partition.Date <= EarliestDate)
        {
            return new ExtractionResult(partition, [],
                $"raw_listing_status {partition}: LISTING_STATUS answers for today ({today}) or a date after {EarliestDate:yyyy-MM-dd}, not for this one.");
        }

        DateOnly? asOf = partition == today ? null : partition.Date;
        var results = new List<SymbolResult>();
        foreach (var state in LakeKeys.ListingStates)
        {
            var label = LakeKeys.ListingStatusLabel(state);
            var key = LakeKeys.ListingStatusObject(partition, state);
            if (await landing.ExistingAsync(key, ct) is { } existing)
            {
                results.Add(new SymbolResult(label, SymbolStatus.Unchanged, existing.Key, existing.Bytes, existing.Sha256, Version: existing.Version));
                continue;
            }

            results.Add(await requests.RunAsync(label, stop, stopOnPremium: false,
                token => client.GetListingStatusAsync(state, asOf, partition.Date, token),
                async (response, fetchedAt) =>
                {
                    var landed = await landing.LandAsync(key, state, response.Body, "all", client.SafeListingUrl(state, asOf), fetchedAt, null, ct, "text/csv");
                    return new SymbolResult(label, SymbolStatus.Landed, landed.Key, landed.Bytes, landed.Sha256, response.SeriesDays, Version: landed.Version);
                },
                ct));
        }

        return new ExtractionResult(partition, results, stop.Reason);
    }
}
