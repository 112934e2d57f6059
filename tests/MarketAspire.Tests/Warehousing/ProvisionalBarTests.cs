using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Warehousing;

/// <summary>A bar fetched before the close is provisional: loaded as such, never as final, and finalized by the first landing after the close.</summary>
public class ProvisionalBarTests(SharedServers servers)
{
    // 2026-11-25 is a Wednesday in EST (UTC-5): 11:00 and 18:00 New York.
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 23, 0, 0, TimeSpan.Zero);

    private const string Provisional = "SELECT provisional FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-25'";

    [Fact]
    public async Task A_landing_at_11_00_loads_the_days_bar_as_provisional_and_one_at_18_00_finalizes_it()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var final = PriceSeriesGenerator.Generate("IBM", new DateOnly(2026, 11, 25), 30);
        var midday = final.Select((b, i) => i == 0 ? b with { Close = b.Close - 1m, High = b.High + 1m, Volume = b.Volume / 2 } : b).ToList();
        await harness.PutSeriesAsync("2026-11-25", "IBM", midday, Morning);

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.True(await harness.ScalarAsync<bool>(Provisional));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE provisional"));
        Assert.Equal(1, await StagedMetadataAsync(harness, "provisional_rows"));

        await harness.PutSeriesAsync("2026-11-25", "IBM", final, Evening);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.False(await harness.ScalarAsync<bool>(Provisional));
        Assert.Equal(final[0].Close, await harness.ScalarAsync<decimal>("SELECT close FROM market_data.fct_stock_prices WHERE symbol = 'IBM' AND price_date = '2026-11-25'"));
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE provisional"));
        // The provisional version is history: never the landing date's final word, visible by load time only.
        Assert.Equal(1, await harness.CountAsync(
            "SELECT count(*) FROM market_data.fct_stock_price_revisions WHERE provisional AND price_date = '2026-11-25' AND partition_date = '2026-11-25' AND superseded_by_partition = '2026-11-25'"));
        Assert.Equal(0, await harness.CountAsync(
            "SELECT count(*) FROM market_data.stock_price_versions WHERE provisional AND partition_date <= '2026-11-25' AND (superseded_by_partition IS NULL OR superseded_by_partition > '2026-11-25')"));
        Assert.Equal(0, await StagedMetadataAsync(harness, "provisional_rows"));
    }

    [Fact]
    public async Task The_same_bytes_fetched_after_the_close_finalize_the_bar_and_are_a_new_data_version()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var bars = PriceSeriesGenerator.Generate("IBM", new DateOnly(2026, 11, 25), 10);
        await harness.PutSeriesAsync("2026-11-25", "IBM", bars, Morning);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        var morningVersion = await RawVersionAsync(harness);

        await harness.PutSeriesAsync("2026-11-25", "IBM", bars, Evening);
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.False(await harness.ScalarAsync<bool>(Provisional));
        Assert.NotEqual(morningVersion, await RawVersionAsync(harness));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_price_revisions"));
    }

    [Fact]
    public async Task An_object_without_its_fetch_time_and_a_landing_on_a_later_day_load_every_bar_as_final()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 10, "MSFT"); // placed by hand: no fetched-at
        await harness.PutSeriesAsync("2026-11-25", "IBM", PriceSeriesGenerator.Generate("IBM", new DateOnly(2026, 11, 25), 10), Morning.AddDays(1));

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices WHERE provisional"));
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
    }

    private static async Task<long> StagedMetadataAsync(WarehouseHarness harness, string property)
    {
        var metadata = await harness.ScalarAsync<string>("SELECT metadata::text FROM market_meta.materializations WHERE asset = 'staged_stock_prices' ORDER BY finished_at DESC LIMIT 1");
        using var json = JsonDocument.Parse(metadata!);
        return json.RootElement.GetProperty(property).GetInt64();
    }

    private static Task<string?> RawVersionAsync(WarehouseHarness harness) => harness.ScalarAsync<string>(
        "SELECT input_versions::text FROM market_meta.materializations WHERE asset = 'staged_stock_prices' ORDER BY finished_at DESC LIMIT 1");
}

public class MarketSessionTests
{
    [Fact]
    public void A_raw_objects_version_names_the_day_in_progress_it_was_fetched_during()
    {
        Assert.Equal("abc fetched during 2026-11-25", JobHosting.Lake.RawObjectVersion.Of("abc", new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal("abc", JobHosting.Lake.RawObjectVersion.Of("abc", new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal("abc", JobHosting.Lake.RawObjectVersion.Of("abc", null));
    }

    [Theory]
    [InlineData("2026-11-25T16:00:00Z", "2026-11-25")] // 11:00 New York
    [InlineData("2026-11-25T20:59:59Z", "2026-11-25")] // 15:59:59
    [InlineData("2026-11-25T21:00:00Z", null)]         // 16:00: the close
    [InlineData("2026-11-25T23:00:00Z", null)]
    [InlineData("2026-11-26T03:00:00Z", null)]         // 22:00 on the 25th
    [InlineData("2026-11-26T16:00:00Z", null)]         // Thanksgiving: no session
    [InlineData("2026-11-28T16:00:00Z", null)]         // a Saturday
    [InlineData("2026-07-01T19:59:00Z", "2026-07-01")] // 15:59 EDT (UTC-4)
    [InlineData("2026-07-01T20:00:00Z", null)]         // 16:00 EDT
    public void The_day_in_progress_is_todays_trading_day_until_the_close_in_New_York(string fetchedAt, string? expected) =>
        Assert.Equal(
            expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            MarketSession.DayInProgress(DateTimeOffset.Parse(fetchedAt, System.Globalization.CultureInfo.InvariantCulture)));
}
