using MarketAspire.Extractor;
using MarketAspire.MarketApiSimulator;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Extraction;

/// <summary>raw_corporate_actions: SPLITS and DIVIDENDS landed byte-exact, once a week per symbol, within the quota.</summary>
public class CorporateActionsLandingTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_due_symbol_lands_both_lists_byte_exact_and_a_later_landing_date_within_the_week_asks_for_none()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: Ct);

        var first = await harness.ExtractCorporateActionsAsync("2026-11-25", "IBM", "BRK.B");

        Assert.True(first.Succeeded, first.Summary());
        Assert.Equal(["IBM splits", "IBM dividends", "BRK.B splits", "BRK.B dividends"], first.Symbols.Select(s => s.Symbol));
        Assert.Equal(
            ["raw/corporate_actions/2026-11-25/BRK.B.dividends.json", "raw/corporate_actions/2026-11-25/BRK.B.splits.json",
             "raw/corporate_actions/2026-11-25/IBM.dividends.json", "raw/corporate_actions/2026-11-25/IBM.splits.json"],
            (await harness.ListKeysAsync("raw/corporate_actions/")).Order(StringComparer.Ordinal));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{harness.Simulator.BaseUrl}/query?function=SPLITS&symbol=IBM&apikey=demo");
        request.Headers.Add("X-Simulator-As-Of", "2026-11-25");
        using var direct = await http.SendAsync(request, Ct);
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(Ct), await harness.ReadObjectAsync("raw/corporate_actions/2026-11-25/IBM.splits.json"));
        var head = await harness.S3.GetObjectMetadataAsync(harness.Bucket, "raw/corporate_actions/2026-11-25/IBM.splits.json", Ct);
        Assert.Equal($"{harness.Simulator.BaseUrl}/query?function=SPLITS&symbol=IBM", head.Metadata["request-url"]);
        Assert.Equal(3, first.Symbols.Single(s => s.Symbol == "IBM splits").Days);
        var admitted = harness.Simulator.Counter.Admitted;

        var nextDay = await harness.ExtractCorporateActionsAsync("2026-11-27", "IBM", "BRK.B", "MSFT");

        // IBM and BRK.B landed minutes ago: only MSFT, new to the list, is asked for.
        Assert.Equal(["MSFT splits", "MSFT dividends"], nextDay.Symbols.Select(s => s.Symbol));
        Assert.Equal(admitted + 2, harness.Simulator.Counter.Admitted);
    }

    [Fact]
    public async Task Prices_that_move_like_a_split_after_the_last_landing_make_the_symbol_due_at_once()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: Ct);
        await harness.ExtractCorporateActionsAsync("2020-08-20", "IBM");
        var fourForOne = CorporateActions.Splits("IBM")[2].EffectiveDate;
        var gaps = new Dictionary<string, DateOnly> { ["IBM"] = fourForOne };

        var before = await harness.CorporateActions.ExtractAsync(AssetGraph.Partitions.DailyPartition.Parse("2020-08-20"), ["IBM"], new StopSignal(), Ct,
            new Dictionary<string, DateOnly> { ["IBM"] = new DateOnly(2020, 8, 3) });
        var after = await harness.CorporateActions.ExtractAsync(AssetGraph.Partitions.DailyPartition.Parse("2020-10-01"), ["IBM"], new StopSignal(), Ct, gaps);

        Assert.All(before.Symbols, s => Assert.Equal(SymbolStatus.Unchanged, s.Status)); // a gap before the last landing date: known already
        Assert.Equal(["IBM splits", "IBM dividends"], after.Symbols.Where(s => s.Status == SymbolStatus.Landed).Select(s => s.Symbol));
        Assert.Contains("\"4.0000\"", System.Text.Encoding.UTF8.GetString(await harness.ReadObjectAsync("raw/corporate_actions/2020-10-01/IBM.splits.json")));
    }

    [Fact]
    public void A_split_like_day_is_found_in_a_daily_series_and_ordinary_days_are_not()
    {
        var fourForOne = CorporateActions.Splits("IBM")[2].EffectiveDate;
        Assert.Equal(fourForOne, SplitLikeGaps.Latest(Body("IBM", fourForOne.AddDays(30), 100)));
        Assert.Null(SplitLikeGaps.Latest(Body("IBM", new DateOnly(2026, 11, 25), 100)));
        Assert.Null(SplitLikeGaps.Latest("{\"Information\": \"quota\"}"u8.ToArray()));
        Assert.Null(SplitLikeGaps.Latest("not json"u8.ToArray()));

        static byte[] Body(string symbol, DateOnly asOf, int days)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            PriceSeriesGenerator.WriteDailySeries(buffer, symbol, PriceSeriesGenerator.Generate(symbol, asOf, days), full: false);
            return buffer.WrittenSpan.ToArray();
        }
    }

    [Fact]
    public async Task A_spent_daily_quota_leaves_the_rest_remaining_with_the_reason()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, new Dictionary<string, string?> { ["RequestsPerDay"] = "3" }, ct: Ct);

        var result = await harness.ExtractCorporateActionsAsync("2026-11-25", "IBM", "MSFT");

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Symbols.Count(s => s.Status == SymbolStatus.Landed));
        Assert.Equal(["MSFT dividends"], result.Remaining.Select(r => r.Symbol));
        Assert.StartsWith("the API's daily quota is spent", result.StopReason);
    }
}
