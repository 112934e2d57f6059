using MarketAspire.Extractor;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Extraction;

public class LandingTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_symbol_lands_byte_exact_with_its_metadata()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: Ct);

        var result = await harness.ExtractAsync("2026-11-25", "IBM", "BRK.B");

        Assert.True(result.Succeeded, result.Summary());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{harness.Simulator.BaseUrl}/query?function=TIME_SERIES_DAILY&symbol=IBM&outputsize=compact&apikey=demo");
        request.Headers.Add("X-Simulator-As-Of", "2026-11-25");
        using var direct = await http.SendAsync(request, Ct);
        var expected = await direct.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(expected, await harness.ReadObjectAsync("raw/stock_data/2026-11-25/IBM.json"));
        Assert.Equal(["raw/stock_data/2026-11-25/BRK.B.json", "raw/stock_data/2026-11-25/IBM.json"], await harness.ListKeysAsync("raw/"));

        var head = await harness.S3.GetObjectMetadataAsync(harness.Bucket, "raw/stock_data/2026-11-25/IBM.json", Ct);
        Assert.Equal("IBM", head.Metadata["symbol"]);
        Assert.Equal("compact", head.Metadata["output-size"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected)), head.Metadata["sha256"]);
        Assert.Equal($"{harness.Simulator.BaseUrl}/query?function=TIME_SERIES_DAILY&symbol=IBM&outputsize=compact", head.Metadata["request-url"]);
        Assert.True(DateTimeOffset.TryParse(head.Metadata["fetched-at"], out _));
        Assert.Equal(100, result.Symbols.Single(s => s.Symbol == "IBM").Days);
    }

    [Fact]
    public async Task A_rerun_of_the_same_partition_reports_unchanged_and_keeps_the_objects()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: Ct);
        var first = await harness.ExtractAsync("2026-11-25", "IBM", "MSFT");
        var before = await harness.ReadObjectAsync("raw/stock_data/2026-11-25/MSFT.json");

        var second = await harness.ExtractAsync("2026-11-25", "IBM", "MSFT");

        Assert.All(first.Symbols, s => Assert.Equal(SymbolStatus.Landed, s.Status));
        Assert.All(second.Symbols, s => Assert.Equal(SymbolStatus.Unchanged, s.Status));
        Assert.Equal(first.DataVersion, second.DataVersion);
        Assert.Equal(before, await harness.ReadObjectAsync("raw/stock_data/2026-11-25/MSFT.json"));
    }

    [Fact]
    public async Task The_same_bytes_are_landed_again_only_when_the_days_bar_became_final_since()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: Ct);
        var partition = AssetGraph.Partitions.DailyPartition.Parse("2026-11-25");
        var body = "{\"Meta Data\": {}}"u8.ToArray();
        var morning = new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero); // 11:00 New York

        Assert.False((await harness.Landing.LandAsync(partition, "IBM", body, "compact", "u", morning, null, Ct)).Unchanged);
        var landed = await harness.Landing.ExistingAsync(partition, "IBM", Ct);
        Assert.Equal((morning, new DateOnly(2026, 11, 25)), (landed!.FetchedAt, landed.DayInProgress));

        Assert.True((await harness.Landing.LandAsync(partition, "IBM", body, "compact", "u", morning.AddHours(2), landed, Ct)).Unchanged);
        Assert.False((await harness.Landing.LandAsync(partition, "IBM", body, "compact", "u", morning.AddHours(7), landed, Ct)).Unchanged);
        var final = await harness.Landing.ExistingAsync(partition, "IBM", Ct);
        Assert.Equal((morning.AddHours(7), (DateOnly?)null), (final!.FetchedAt, final.DayInProgress));
    }

    [Fact]
    public async Task A_later_landing_date_has_newer_data_and_another_data_version()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: Ct);
        var wednesday = await harness.ExtractAsync("2026-11-25", "IBM");
        var friday = await harness.ExtractAsync("2026-11-27", "IBM");
        Assert.NotEqual(wednesday.DataVersion, friday.DataVersion);
        var body = System.Text.Encoding.UTF8.GetString(await harness.ReadObjectAsync("raw/stock_data/2026-11-27/IBM.json"));
        Assert.Contains("\"3. Last Refreshed\": \"2026-11-27\"", body);
        Assert.DoesNotContain("\"2026-11-26\"", body); // Thanksgiving: no row
    }
}
