using System.Text;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Tests.Warehousing;
using MarketAspire.Warehouse;
using MarketAspire.Warehouse.Securities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.Tests.SecurityMaster;

/// <summary>dim_securities' history from landed lists, on the real PostgreSQL and S3 emulator: a hand-worked example.</summary>
public class SecurityMasterLoadTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task LandAsync(WarehouseHarness harness, string partition, string state, string body)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        await harness.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = harness.Bucket, Key = LakeKeys.ListingStatusObject(DailyPartition.Parse(partition), state), InputStream = stream,
        }, Ct);
    }

    private static async Task<SecuritiesLoad> LoadAsync(WarehouseHarness harness, string partition)
    {
        var builder = JobHarness.Builder(harness.Settings, "--partition", partition);
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddWarehouseServices();
        using var host = builder.Build();
        return await host.Services.GetRequiredService<SecuritiesLoader>().LoadAsync(DailyPartition.Parse(partition), $"run-{partition}", Ct);
    }

    private static Task<string?> KnownOnAsync(WarehouseHarness harness, string day) => harness.ScalarAsync<string>(
        $"SELECT string_agg(symbol || ':' || exchange, ',' ORDER BY symbol) FROM ({SecuritiesSql.ActiveKnownOn.Replace("@day", $"DATE '{day}'", StringComparison.Ordinal)}) u");

    [Fact]
    public async Task A_changed_exchange_is_a_new_version_a_bad_answer_keeps_the_previous_universe_and_load_order_does_not_matter()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        foreach (var date in new[] { "2018-06-29", "2018-07-31", "2018-08-31" })
        {
            await LandAsync(harness, date, "active", date == "2018-08-31"
                ? """{"Information": "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day."}"""
                : ListingStatus.Csv(delisted: false, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
            await LandAsync(harness, date, "delisted", ListingStatus.Csv(delisted: true, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Out of order: the bad landing first, then the first and the middle one.
        var bad = await LoadAsync(harness, "2018-08-31");
        await LoadAsync(harness, "2018-06-29");
        await LoadAsync(harness, "2018-07-31");

        // MOVR moved from NYSE MKT to NASDAQ on 2018-07-02: two versions, the first closed by the first list showing the move.
        Assert.Equal("NYSE MKT|2018-06-29|2018-07-31;NASDAQ|2018-07-31|", await harness.ScalarAsync<string>(
            "SELECT string_agg(concat_ws('|', exchange, valid_from, coalesce(valid_until::text, '')), ';' ORDER BY valid_from) FROM market_data.dim_securities WHERE symbol = 'MOVR'"));
        // 12 active symbols in 2018 (+1 version for MOVR) and the 2 delisted by then, each from its first list, still current.
        Assert.Equal(12 + 1 + 2, await harness.CountAsync("SELECT count(*) FROM market_data.dim_securities"));
        Assert.Equal("GONE|2012-11-30|2018-06-29;OLDCO|2015-09-18|2018-06-29", await harness.ScalarAsync<string>(
            "SELECT string_agg(concat_ws('|', symbol, delisting_date, valid_from), ';' ORDER BY symbol) FROM market_data.dim_securities WHERE listing_status = 'Delisted' AND valid_until IS NULL"));

        // The quota text in place of the active list: rejected whole, with its reason in the rejects file; the universe of 2018-07-31 stands.
        Assert.Equal("an API message in JSON (Information), not CSV: the answer was an error or a quota notice", bad.Lists.Single(l => l.State == "active").ObjectError);
        Assert.Contains("object rejected: an API message in JSON (Information)", await harness.ReadTextAsync(bad.RejectsKey), StringComparison.Ordinal);
        Assert.Equal("active:rejected,delisted:list", await harness.ScalarAsync<string>(
            "SELECT string_agg(list_state || ':' || outcome, ',' ORDER BY list_state) FROM market_data.listing_status_lists WHERE partition_date = '2018-08-31'"));
        Assert.Contains("MOVR:NASDAQ", await KnownOnAsync(harness, "2018-08-31"), StringComparison.Ordinal);
        Assert.Contains("MOVR:NYSE MKT", await KnownOnAsync(harness, "2018-07-15"), StringComparison.Ordinal);
        Assert.Null(await KnownOnAsync(harness, "2018-06-28"));

        // A re-run changes nothing: no version rewritten, the same rows.
        var before = await harness.ScalarAsync<string>("SELECT string_agg(concat_ws('|', symbol, exchange, valid_from, valid_until, run_id, loaded_at), ';' ORDER BY symbol, valid_from) FROM market_data.dim_securities");
        var rerun = await LoadAsync(harness, "2018-07-31");
        Assert.Equal((0, 0), (rerun.VersionsDeleted, rerun.VersionsInserted));
        Assert.Equal(before, await harness.ScalarAsync<string>("SELECT string_agg(concat_ws('|', symbol, exchange, valid_from, valid_until, run_id, loaded_at), ';' ORDER BY symbol, valid_from) FROM market_data.dim_securities"));
    }
    private static Task<string?> CurrentAsync(WarehouseHarness harness, string symbol) => harness.ScalarAsync<string>(
        $"SELECT string_agg(listing_status || '@' || lists_as_of::text, ',') FROM market_data.securities_current WHERE symbol = '{symbol}'");

    [Fact]
    public async Task A_symbol_delisted_on_a_day_only_the_active_list_landed_stays_in_the_current_universe_until_the_delisted_list_shows_it()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var (before, day) = (new DateOnly(2015, 9, 17), new DateOnly(2015, 9, 18)); // OLDCO's delisting date: the first day off the active list
        await LandAsync(harness, "2015-09-17", "active", ListingStatus.Csv(delisted: false, before));
        await LandAsync(harness, "2015-09-17", "delisted", ListingStatus.Csv(delisted: true, before));
        await LandAsync(harness, "2015-09-18", "active", ListingStatus.Csv(delisted: false, day)); // the delisted list did not fit the quota
        await LoadAsync(harness, "2015-09-17");
        await LoadAsync(harness, "2015-09-18");

        // Both lists as of 2015-09-17, the newest date both have: OLDCO still active, not lost between the two lists.
        Assert.Equal("Active@2015-09-17", await CurrentAsync(harness, "OLDCO"));
        Assert.Equal("Active@2015-09-17", await CurrentAsync(harness, "IBM"));

        // The delisted list of 2015-09-18 lands the next day: OLDCO is delisted, once.
        await LandAsync(harness, "2015-09-18", "delisted", ListingStatus.Csv(delisted: true, day));
        await LoadAsync(harness, "2015-09-18");
        Assert.Equal("Delisted@2015-09-18", await CurrentAsync(harness, "OLDCO"));
    }
    [Fact]
    public async Task A_list_much_shorter_than_the_previous_is_refused_whole_and_the_parquet_is_rewritten_by_a_run_that_changed_nothing()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        var full = ListingStatus.Csv(delisted: false, new DateOnly(2018, 7, 31));
        await LandAsync(harness, "2018-06-29", "active", ListingStatus.Csv(delisted: false, new DateOnly(2018, 6, 29)));
        await LandAsync(harness, "2018-07-31", "active", string.Join("\r\n", full.Split("\r\n").Take(4)) + "\r\n"); // truncated: 3 of 12 rows
        await LoadAsync(harness, "2018-06-29");
        var truncated = await LoadAsync(harness, "2018-07-31");

        Assert.Contains("3 valid rows, more than 10% fewer than the 12 of the previous counted active list", truncated.Lists.Single().ObjectError, StringComparison.Ordinal);
        Assert.Equal("list,rejected", await harness.ScalarAsync<string>("SELECT string_agg(outcome, ',' ORDER BY partition_date) FROM market_data.listing_status_lists"));
        Assert.Equal(12, await harness.CountAsync("SELECT count(*) FROM market_data.dim_securities WHERE valid_until IS NULL"));

        // The Parquet: a stale file in place (an upload that failed after the commit); a run that changes no version rewrites it.
        using (var stale = new MemoryStream([1, 2, 3]))
        {
            await harness.S3.PutObjectAsync(new PutObjectRequest { BucketName = harness.Bucket, Key = LakeKeys.CuratedSecurities, InputStream = stale }, Ct);
        }

        var rerun = await LoadAsync(harness, "2018-06-29");
        Assert.Equal((0, 0), (rerun.VersionsDeleted, rerun.VersionsInserted));
        Assert.Equal(12, await WriteParquetAsync(harness, "2018-06-29"));
        using var written = await harness.S3.GetObjectAsync(harness.Bucket, LakeKeys.CuratedSecurities, Ct);
        Assert.True(written.ContentLength > 3);
    }

    private static async Task<int> WriteParquetAsync(WarehouseHarness harness, string partition)
    {
        var builder = JobHarness.Builder(harness.Settings, "--partition", partition);
        builder.AddDotEnvSettings().AddServiceDefaults();
        builder.AddWarehouseServices();
        using var host = builder.Build();
        return await host.Services.GetRequiredService<SecuritiesParquet>().WriteAsync(DailyPartition.Parse(partition), Ct);
    }
}
