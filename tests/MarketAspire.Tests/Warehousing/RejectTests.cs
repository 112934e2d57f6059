using System.Text.Json;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Warehousing;

/// <summary>Every kind of bad row and bad object is rejected with its reason while the good rows load; counts reconcile.</summary>
public class RejectTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Series(string symbol, string entries) =>
        $$"""
        {
            "Meta Data": {"1. Information": "Daily Prices (open, high, low, close) and Volumes", "2. Symbol": "{{symbol}}", "3. Last Refreshed": "2026-11-25", "4. Output Size": "Compact", "5. Time Zone": "US/Eastern"},
            "Time Series (Daily)": { {{entries}} }
        }
        """;

    private static string Day(string date, string open = "10.0000", string high = "11.0000", string low = "9.0000", string close = "10.5000", string volume = "1000") =>
        $$"""
        "{{date}}": {"1. open": "{{open}}", "2. high": "{{high}}", "3. low": "{{low}}", "4. close": "{{close}}", "5. volume": "{{volume}}"}
        """;

    [Fact]
    public async Task Bad_rows_and_bad_objects_are_rejected_with_reasons_and_the_counts_reconcile()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        const string p = "2026-11-25";
        await harness.PutRawAsync(p, "GOOD.json", Series("GOOD", string.Join(",", Day("2026-11-25"), Day("2026-11-24"), Day("2026-11-21"))));
        await harness.PutRawAsync(p, "ROWS.json", Series("ROWS", string.Join(",",
            Day("2026-11-25"),
            Day("2026-11-24", open: "abc"),
            """ "2026-11-21": {"1. open": "1.0", "2. high": "1.0", "3. low": "1.0", "5. volume": "1"} """,
            Day("2026-13-01"),
            Day("2026-11-20", volume: "99999999999999999999"),
            Day("2026-11-19", volume: "12.5"),
            Day("2026-11-18", close: "123456789012345.0000"),
            Day("2026-11-17"), Day("2026-11-17", open: "12.0000"),
            Day("2026-11-28"))));
        await harness.PutRawAsync(p, "WRONG.json", Series("OTHER", Day("2026-11-25")));
        await harness.PutRawAsync(p, "QUOTA.json", """{"Information": "We have detected your API key as *** and our standard API rate limit is 25 requests per day."}""");
        await harness.PutRawAsync(p, "CUT.json", Series("CUT", string.Join(",", Day("2026-11-25"), Day("2026-11-24")))[..300]);

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync(p));

        var metadata = await JobHarness.ScalarAsync<string>(harness.Settings,
            "SELECT metadata::text FROM market_meta.materializations WHERE asset = 'staged_stock_prices'", Ct);
        using var json = JsonDocument.Parse(metadata!);
        var root = json.RootElement;
        long raw = root.GetProperty("raw_rows").GetInt64(), staged = root.GetProperty("staged_rows").GetInt64(), rejected = root.GetProperty("rejected_rows").GetInt64();
        Assert.Equal(raw, staged + rejected);
        Assert.Equal(4, staged); // GOOD x3 + ROWS 2026-11-25
        Assert.Equal(2, root.GetProperty("rejected_objects").GetInt64()); // QUOTA, CUT
        Assert.Equal(staged, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));

        var rejects = (await harness.ReadTextAsync(root.GetProperty("rejects_file").GetString()!))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => $"{e.GetProperty("key").GetString()![26..]} {e.GetProperty("price_date")} {e.GetProperty("reason").GetString()}")
            .ToList();

        string[] expected =
        [
            "ROWS.json 2026-11-24 \"1. open\" is not a number: 'abc'",
            "ROWS.json 2026-11-21 missing field \"4. close\"",
            "ROWS.json 2026-13-01 price_date '2026-13-01' is not a date (YYYY-MM-DD)",
            "ROWS.json 2026-11-20 \"5. volume\" '99999999999999999999' does not fit BIGINT",
            "ROWS.json 2026-11-19 \"5. volume\" is not a whole number: '12.5'",
            "ROWS.json 2026-11-18 \"4. close\" '123456789012345.0000' does not fit NUMERIC(18,4)",
            "ROWS.json 2026-11-17 price_date appears more than once in the object; no way to tell which is right",
            "ROWS.json 2026-11-28 price_date 2026-11-28 is after the landing date 2026-11-25",
            "WRONG.json 2026-11-25 symbol in the body 'OTHER' differs from the object's symbol 'WRONG'",
            "QUOTA.json  object rejected: an API message, not a daily series (Information: We have detected your API key as *** and our standard API rate limit is 25 requests per day.)",
        ];
        foreach (var line in expected)
        {
            Assert.Contains(line, rejects);
        }

        Assert.Equal(2, rejects.Count(r => r.StartsWith("ROWS.json 2026-11-17 ", StringComparison.Ordinal)));
        Assert.Contains(rejects, r => r.StartsWith("CUT.json  object rejected: invalid JSON (truncated or corrupt)", StringComparison.Ordinal));
        Assert.Equal(rejected + 2, rejects.Count); // every rejected row, plus one line per object rejected whole
    }

    [Fact]
    public async Task An_object_whose_key_names_no_valid_symbol_is_rejected_whole()
    {
        await using var harness = await WarehouseHarness.StartAsync(servers);
        await harness.PutRawAsync("2026-11-25", "ibm lower.json", Series("ibm lower", Day("2026-11-25")));
        await harness.LandSeriesAsync("2026-11-25", 10, "IBM");

        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        Assert.Equal(10, await harness.CountAsync("SELECT count(*) FROM market_data.fct_stock_prices"));
        Assert.Equal(1, await harness.CountAsync("SELECT (metadata->>'rejected_rows')::bigint FROM market_meta.materializations WHERE asset = 'staged_stock_prices'"));
    }
}
