using System.Buffers;
using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Warehousing;

/// <summary>fct_splits and fct_dividends from the raw SPLITS and DIVIDENDS objects, through to the adjusted view.</summary>
public class CorporateActionsLoadTests(SharedServers servers)
{
    private static async Task LandActionsAsync(WarehouseHarness harness, string partition, string symbol, IEnumerable<SplitEvent>? splits = null)
    {
        var date = DailyPartition.Parse(partition).Date;
        var buffer = new ArrayBufferWriter<byte>();
        CorporateActions.WriteSplits(buffer, symbol, splits ?? CorporateActions.Splits(symbol).Where(s => s.EffectiveDate <= date));
        await harness.PutCorporateActionsAsync(partition, $"{symbol}.splits.json", buffer.WrittenSpan.ToArray());
        buffer = new ArrayBufferWriter<byte>();
        CorporateActions.WriteDividends(buffer, symbol, CorporateActions.Dividends(symbol, date));
        await harness.PutCorporateActionsAsync(partition, $"{symbol}.dividends.json", buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public async Task The_simulators_histories_load_and_the_split_adjusted_series_has_no_jump_at_a_split()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var bars = PriceSeriesGenerator.Generate("IBM", new DateOnly(2026, 11, 25), null);
        await harness.PutSeriesAsync("2026-11-25", "IBM", bars);
        await LandActionsAsync(harness, "2026-11-25", "IBM");

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.Equal("0.100000,1.500000,4.000000", await harness.ScalarAsync<string>(
            "SELECT string_agg(split_factor::numeric(18,6)::text, ',' ORDER BY effective_date) FROM market_data.fct_splits WHERE symbol = 'IBM'"));
        Assert.Equal(CorporateActions.Dividends("IBM", new DateOnly(2026, 11, 25)).Count,
            await harness.CountAsync("SELECT count(*) FROM market_data.fct_dividends WHERE symbol = 'IBM'"));
        var fourForOne = CorporateActions.Splits("IBM")[2].EffectiveDate;
        var around = await harness.ScalarAsync<string>(
            $"""
            SELECT string_agg(concat_ws('|', close, close_split_adjusted), ',' ORDER BY price_date) FROM (
              SELECT * FROM market_data.stock_prices_adjusted WHERE symbol = 'IBM' AND price_date <= '{fourForOne:yyyy-MM-dd}' ORDER BY price_date DESC LIMIT 2) a
            """);
        var (before, on) = (around!.Split(',')[0].Split('|').Select(decimal.Parse).ToArray(), around.Split(',')[1].Split('|').Select(decimal.Parse).ToArray());
        Assert.InRange(on[0] / before[0], 0.2m, 0.3m);   // as traded: a 75 % "crash"
        Assert.InRange(on[1] / before[1], 0.95m, 1.05m); // split-adjusted: an ordinary day
        var metadata = await harness.ScalarAsync<string>("SELECT metadata::text FROM market_meta.materializations WHERE asset = 'fct_splits'");
        using var json = JsonDocument.Parse(metadata!);
        Assert.Equal((1, 3, 0), (json.RootElement.GetProperty("objects").GetInt32(), json.RootElement.GetProperty("rows").GetInt32(), json.RootElement.GetProperty("rejected_rows").GetInt32()));
    }

    [Fact]
    public async Task Bad_entries_are_rejected_with_their_reason_and_the_rest_of_the_list_loads()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 10, "IBM", "MSFT");
        await harness.PutCorporateActionsAsync("2026-11-25", "IBM.splits.json",
            """
            {"symbol": "IBM", "data": [
              {"effective_date": "2027-01-04", "split_factor": "2.0000"},
              {"effective_date": "2020-08-31", "split_factor": "0.0000"},
              {"effective_date": "2019-05-01", "split_factor": "-2"},
              {"effective_date": "2014-06-09", "split_factor": "1.5000"},
              {"effective_date": "2011-01-03", "split_factor": "3"},
              {"effective_date": "2011-01-03", "split_factor": "3"},
              {"effective_date": "2010-05-03", "split_factor": "2"},
              {"effective_date": "2010-05-03", "split_factor": "3"},
              {"effective_date": "None", "split_factor": "2"}
            ]}
            """u8.ToArray());
        await harness.PutCorporateActionsAsync("2026-11-25", "IBM.dividends.json", """{"symbol": "IBM", "data": []}"""u8.ToArray());
        await harness.PutCorporateActionsAsync("2026-11-25", "MSFT.splits.json", """{"Information": "Thank you for using Alpha Vantage! This is a premium endpoint."}"""u8.ToArray());
        await harness.PutCorporateActionsAsync("2026-11-25", "MSFT.dividends.json", """{"symbol": "IBM", "data": []}"""u8.ToArray());

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));

        Assert.Equal("2011-01-03,2014-06-09", await harness.ScalarAsync<string>("SELECT string_agg(effective_date::text, ',' ORDER BY effective_date) FROM market_data.fct_splits"));
        var splits = await harness.ScalarAsync<string>("SELECT metadata::text FROM market_meta.materializations WHERE asset = 'fct_splits'");
        using var json = JsonDocument.Parse(splits!);
        Assert.Equal(
            [
                "effective_date 2027-01-04 is after the landing date 2026-11-25",
                "split_factor '0.0000' must be a positive number of at least 0.000000000001",
                "split_factor '-2' must be a positive number of at least 0.000000000001",
                "two splits on 2010-05-03 with different factors",
                "two splits on 2010-05-03 with different factors",
                "effective_date 'None' is not a date (YYYY-MM-DD)",
                "object rejected: Information: Thank you for using Alpha Vantage! This is a premium endpoint.",
            ],
            json.RootElement.GetProperty("rejects").EnumerateArray().Select(r => r.GetProperty("reason").GetString()));
        var dividends = await harness.ScalarAsync<string>("SELECT metadata::text FROM market_meta.materializations WHERE asset = 'fct_dividends'");
        Assert.Contains("symbol in the body 'IBM' differs from the object's symbol 'MSFT'", dividends);

        // Every rejected entry of both lists is in the rejects file, with the object it came from.
        var file = (await harness.ReadTextAsync(json.RootElement.GetProperty("rejects_file").GetString()!)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, file.Length);
        Assert.Contains(file, l => l.Contains("\"key\":\"raw/corporate_actions/2026-11-25/IBM.splits.json\",\"price_date\":\"2010-05-03\"", StringComparison.Ordinal));
        Assert.Contains(file, l => l.Contains("raw/corporate_actions/2026-11-25/MSFT.dividends.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Per_symbol_each_landing_dates_list_is_kept_as_history_whatever_order_the_dates_load_in()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-20", 10, "IBM");
        await harness.LandSeriesAsync("2026-11-25", 10, "IBM");
        await LandActionsAsync(harness, "2026-11-20", "IBM");
        // The vendor withdrew the 2014 split by 2026-11-25.
        await LandActionsAsync(harness, "2026-11-25", "IBM", CorporateActions.Splits("IBM").Where(s => s.Factor != 1.5m));

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-20"));

        // Current: the latest list. As of 2026-11-20 (or any day before 2026-11-25): the list that landed then, withdrawn split included.
        const string AsOf = "SELECT string_agg(split_factor::numeric(18,6)::text, ',' ORDER BY effective_date) FROM market_data.fct_splits WHERE partition_date <= '{0}' AND (superseded_by_partition IS NULL OR superseded_by_partition > '{0}')";
        Assert.Equal("0.100000,4.000000", await harness.ScalarAsync<string>("SELECT string_agg(split_factor::numeric(18,6)::text, ',' ORDER BY effective_date) FROM market_data.fct_splits WHERE superseded_by_partition IS NULL"));
        Assert.Equal("0.100000,4.000000", await harness.ScalarAsync<string>(string.Format(System.Globalization.CultureInfo.InvariantCulture, AsOf, "2026-11-25")));
        Assert.Equal("0.100000,1.500000,4.000000", await harness.ScalarAsync<string>(string.Format(System.Globalization.CultureInfo.InvariantCulture, AsOf, "2026-11-24")));
        Assert.Null(await harness.ScalarAsync<string>(string.Format(System.Globalization.CultureInfo.InvariantCulture, AsOf, "2026-11-19")));
        Assert.Equal(3, await harness.CountAsync("SELECT count(*) FROM market_data.fct_splits WHERE partition_date = '2026-11-20'"));
    }
}
