using System.Text;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Extractor;
using MarketAspire.JobHosting.Listings;
using MarketAspire.MarketApiSimulator;

namespace MarketAspire.Tests.SecurityMaster;

/// <summary>LISTING_STATUS CSV: the vendor's shape and mess parse; each kind of bad input is a reject with its reason.</summary>
public class ListingStatusParserTests
{
    private const string Header = "symbol,name,exchange,assetType,ipoDate,delistingDate,status";

    private static ParsedListing Parse(string text, string state = "active") =>
        ListingStatusParser.Parse($"raw/listing_status/2026-11-25/{state}.csv", state, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void The_simulators_lists_parse_whole_with_quoted_commas_null_dates_and_warrants_as_stock()
    {
        var active = Parse(ListingStatus.Csv(delisted: false, new DateOnly(2026, 11, 25)));
        var delisted = Parse(ListingStatus.Csv(delisted: true, new DateOnly(2026, 11, 25)), "delisted");

        Assert.Null(active.ObjectError);
        Assert.Empty(active.Rejected);
        Assert.Equal(["AAPL", "ACME", "ACMEW", "AMZN", "GOOGL", "IBM", "JPM", "META", "MOVR", "MSFT", "NVDA", "RNMD", "SPY"], active.Rows.Select(r => r.Symbol));
        Assert.Equal(new ListingRow("ACME", "Acme Widgets, Inc.", "NYSE", "Stock", new DateOnly(2001, 6, 1), null, "Active"), active.Rows.Single(r => r.Symbol == "ACME"));
        Assert.Equal("Stock", active.Rows.Single(r => r.Symbol == "ACMEW").AssetType); // a warrant, as the vendor lists it
        Assert.Equal("ETF", active.Rows.Single(r => r.Symbol == "SPY").AssetType);
        Assert.Equal("NASDAQ", active.Rows.Single(r => r.Symbol == "MOVR").Exchange);
        Assert.All(active.Rows, r => Assert.Null(r.DelistingDate));

        Assert.Null(delisted.ObjectError);
        Assert.Equal(["GONE", "OLDCO", "RENM", "SPCU"], delisted.Rows.Select(r => r.Symbol));
        Assert.Equal(new ListingRow("GONE", "Gone Fishing, Bait & Tackle, Corp.", "NASDAQ", "Stock", new DateOnly(2003, 2, 3), new DateOnly(2012, 11, 30), "Delisted"),
            delisted.Rows[0]);
        Assert.Equal("Stock", delisted.Rows.Single(r => r.Symbol == "SPCU").AssetType); // units, as the vendor lists them

        var before = Parse(ListingStatus.Csv(delisted: false, new DateOnly(2015, 6, 30)));
        Assert.Equal("NYSE MKT", before.Rows.Single(r => r.Symbol == "MOVR").Exchange);
        Assert.Contains(before.Rows, r => r.Symbol == "OLDCO");
        Assert.DoesNotContain(before.Rows, r => r.Symbol is "ACMEW" or "GONE");
    }

    [Fact]
    public void Each_bad_row_is_rejected_with_its_line_and_reason_and_the_rest_loads()
    {
        var parsed = Parse(
            $"""
            {Header}
            AAA,"Triple A, Inc.",NYSE,Stock,1999-01-04,null,Active
            BBB,Bee Corp,NASDAQ,Stock,2001-13-01,null,Active
            CCC,Sea Corp,NYSE,Stock,2001-01-02,null
            DDD,Dee Corp,NYSE,Stock,2001-01-02,null,Active,extra
            AAA,Again Inc,NYSE,Stock,2005-01-03,null,Active
            EEE,Ee Corp,NYSE,Stock,2001-01-02,2020-01-02,Active
            FFF,Ef Corp,NYSE,Stock,2001-01-02,null,Delisted
            ggg,lower case,NYSE,Stock,2001-01-02,null,Active
            HHH,"Units, Corp - Units (1 Ord Share & 1/2 War)",NASDAQ,Stock,2021-01-04,null,Active
            III,Eye Corp,,Stock,2001-01-02,null,Active
            """);

        Assert.Null(parsed.ObjectError);
        Assert.Equal(["AAA", "HHH"], parsed.Rows.Select(r => r.Symbol));
        Assert.Equal("Units, Corp - Units (1 Ord Share & 1/2 War)", parsed.Rows[1].Name);
        Assert.Equal(
            [
                (3, "BBB", "malformed ipoDate '2001-13-01' (YYYY-MM-DD or null)"),
                (4, "CCC", "6 fields, expected 7 (symbol,name,exchange,assetType,ipoDate,delistingDate,status)"),
                (5, "DDD", "8 fields, expected 7 (symbol,name,exchange,assetType,ipoDate,delistingDate,status)"),
                (6, "AAA", "duplicated symbol AAA (first on line 2): a list holds a symbol once"),
                (7, "EEE", "active with a delisting date"),
                (8, "FFF", "status 'Delisted' in the active list"),
                (9, "ggg", "'ggg' is not a symbol (upper-case letters, digits, '.' and '-', at most 16)"),
                (11, "III", "no exchange or asset type"),
            ],
            parsed.Rejected.Select(r => (r.Line!.Value, r.Symbol!, r.Reason)));
        Assert.Equal("BBB,Bee Corp,NASDAQ,Stock,2001-13-01,null,Active", parsed.Rejected[0].Text);
    }

    [Fact]
    public void A_delisted_row_needs_its_delisting_date_after_its_IPO()
    {
        var parsed = Parse(
            $"""
            {Header}
            OLD,Old Inc,NYSE,Stock,2000-01-03,2015-09-18,Delisted
            NOD,No Date Inc,NYSE,Stock,2000-01-03,null,Delisted
            REV,Reversed Inc,NYSE,Stock,2016-01-04,2015-09-18,Delisted
            BAD,Bad Date Inc,NYSE,Stock,2000-01-03,18/09/2015,Delisted
            """, "delisted");

        Assert.Equal(["OLD"], parsed.Rows.Select(r => r.Symbol));
        Assert.Equal(["delisted without a delisting date", "IPO 2016-01-04 after its delisting 2015-09-18", "malformed delistingDate '18/09/2015' (YYYY-MM-DD or null)"],
            parsed.Rejected.Select(r => r.Reason));
    }

    [Theory]
    [InlineData("", "empty body")]
    [InlineData("  \r\n", "empty body")]
    [InlineData("symbol,name,exchange,assetType,ipoDate,status\r\nIBM,IBM,NYSE,Stock,1962-01-02,Active\r\n",
        "the header is 'symbol,name,exchange,assetType,ipoDate,status', not 'symbol,name,exchange,assetType,ipoDate,delistingDate,status'")]
    [InlineData("symbol,name,exchange,assetType,ipoDate,delistingDate,status,cik\r\n",
        "the header is 'symbol,name,exchange,assetType,ipoDate,delistingDate,status,cik', not 'symbol,name,exchange,assetType,ipoDate,delistingDate,status'")]
    [InlineData("{\"Information\": \"We have detected your API key as SECRETKEY123 and our standard API rate limit is 25 requests per day.\"}",
        "an API message in JSON (Information), not CSV: the answer was an error or a quota notice")]
    [InlineData("{\"Error Message\": \"Invalid API call.\"}", "an API message in JSON (Error Message), not CSV: the answer was an error or a quota notice")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "an HTML page, not CSV")]
    public void An_answer_that_is_not_the_list_is_rejected_whole_without_repeating_its_text(string body, string reason)
    {
        var parsed = Parse(body);

        Assert.Equal(reason, parsed.ObjectError);
        Assert.Empty(parsed.Rows);
        var reject = Assert.Single(parsed.AllRejects);
        Assert.Equal($"object rejected: {reason}", reject.Reason);
        Assert.DoesNotContain("SECRETKEY123", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_symbol_the_listing_does_not_know_or_lists_as_delisted_is_named()
    {
        var date = new DateOnly(2026, 11, 25);
        var active = Parse(ListingStatus.Csv(delisted: false, date));
        var delisted = Parse(ListingStatus.Csv(delisted: true, date), "delisted");

        var messages = ListedSymbols.Messages(["IBM", "OLDCO", "ZZZZ"], active, delisted, new DailyPartition(date));

        Assert.Equal(
            [
                "MARKET_SYMBOLS: OLDCO (Old Company Inc) was delisted on 2015-09-18 (listing of 2026-11-25): its prices end there; it is still requested, for its history.",
                "MARKET_SYMBOLS: ZZZZ is not in the listing of 2026-11-25 (neither active nor delisted): check the ticker; it is still requested.",
            ],
            messages);
        Assert.Empty(ListedSymbols.Messages(["ZZZZ"], Parse(""), delisted, new DailyPartition(date))); // no usable list: nothing to say
    }
    [Fact]
    public void An_unclosed_quote_rejects_its_own_line_only_and_every_line_is_a_row_or_a_reject()
    {
        var text = Header + "\r\n"
            + "AAPL,Apple Inc,NASDAQ,Stock,1980-12-12,null,Active\r\n"
            + "BRKN,\"Broken, Inc,NYSE,Stock,1999-01-04,null,Active\r\n"
            + "IBM,International Business Machines Corp,NYSE,Stock,1962-01-02,null,Active\r\n"
            + "MSFT,\"Microsoft, Corp\",NASDAQ,Stock,1986-03-13,null,Active\r\n"
            + "NVDA,NVIDIA Corp,NASDAQ,Stock,1999-01-22,null,Active\r\n";

        var parsed = Parse(text);

        Assert.Equal(["AAPL", "IBM", "MSFT", "NVDA"], parsed.Rows.Select(r => r.Symbol));
        var reject = Assert.Single(parsed.Rejected);
        Assert.Equal((3, "BRKN"), (reject.Line, reject.Symbol));
        Assert.Contains("unbalanced quote", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(5, parsed.Rows.Count + parsed.Rejected.Count); // the 5 physical lines after the header
    }
}
