using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.CorporateActions;

namespace MarketAspire.Tests.Warehousing;

/// <summary>The SPLITS and DIVIDENDS parser on its own: every entry a row or a reject with its reason.</summary>
public class CorporateActionsParserTests
{
    private static readonly DailyPartition Landing = DailyPartition.Parse("2026-11-25");

    private static ParsedActions Parse(CorporateActionKind kind, string body, string symbol = "IBM") =>
        CorporateActionsParser.Parse($"raw/corporate_actions/2026-11-25/{symbol}.{kind.Name}.json", symbol, kind, System.Text.Encoding.UTF8.GetBytes(body), Landing);

    [Fact]
    public void Dividends_keep_all_four_dates_and_an_unknown_one_is_null()
    {
        var parsed = Parse(CorporateActionKind.Dividends,
            """
            {"symbol": "IBM", "data": [
              {"ex_dividend_date": "2026-11-10", "declaration_date": "2026-10-27", "record_date": "2026-11-11", "payment_date": "2026-12-01", "amount": "1.68"},
              {"ex_dividend_date": "2026-08-08", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "0"}
            ]}
            """);

        Assert.Null(parsed.ObjectError);
        Assert.Empty(parsed.Rejected);
        Assert.Equal(
            [
                new DividendRow("IBM", new DateOnly(2026, 11, 10), 1.68m, new DateOnly(2026, 10, 27), new DateOnly(2026, 11, 11), new DateOnly(2026, 12, 1)),
                new DividendRow("IBM", new DateOnly(2026, 8, 8), 0m, null, null, null),
            ],
            parsed.Dividends);
        Assert.Equal(2, parsed.Rows);
    }

    [Theory]
    [InlineData("""{"symbol": "IBM", "data": [{"ex_dividend_date": "2026-11-10", "amount": "-0.5"}]}""", "amount '-0.5' must be a number of at least 0")]
    [InlineData("""{"symbol": "IBM", "data": [{"ex_dividend_date": "2026-11-10", "amount": "x"}]}""", "amount 'x' must be a number of at least 0")]
    [InlineData("""{"symbol": "IBM", "data": [{"ex_dividend_date": "2026-11-10"}]}""", "amount '' must be a number of at least 0")]
    [InlineData("""{"symbol": "IBM", "data": [{"ex_dividend_date": "10/11/2026", "amount": "1"}]}""", "ex_dividend_date '10/11/2026' is not a date (YYYY-MM-DD)")]
    [InlineData("""{"symbol": "IBM", "data": [{"ex_dividend_date": "2026-11-25", "amount": "1000000"}]}""", "amount '1000000' must be a number of at least 0")]
    public void A_bad_dividend_is_rejected_with_its_reason(string body, string reason)
    {
        var parsed = Parse(CorporateActionKind.Dividends, body);

        var rejected = Assert.Single(parsed.Rejected);
        Assert.Equal(reason, rejected.Reason);
        Assert.Empty(parsed.Dividends);
        Assert.Contains("ex_dividend_date", rejected.Text);
    }

    [Fact]
    public void A_declared_dividend_two_dividends_on_one_date_and_an_exact_repeat_once_are_kept()
    {
        var parsed = Parse(CorporateActionKind.Dividends,
            """
            {"symbol": "IBM", "data": [
              {"ex_dividend_date": "2027-02-10", "declaration_date": "2026-11-20", "record_date": "None", "payment_date": "None", "amount": "1.70"},
              {"ex_dividend_date": "2026-11-10", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "1.68"},
              {"ex_dividend_date": "2026-11-10", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "5.00"},
              {"ex_dividend_date": "2026-11-10", "declaration_date": "None", "record_date": "None", "payment_date": "None", "amount": "1.68"}
            ]}
            """);

        Assert.Empty(parsed.Rejected);
        Assert.Equal([1.70m, 1.68m, 5.00m], parsed.Dividends.Select(d => d.Amount));
        Assert.Equal(new DateOnly(2027, 2, 10), parsed.Dividends[0].ExDividendDate);
    }

    [Fact]
    public void A_factor_too_small_to_store_is_rejected_and_a_dividend_amount_is_kept_to_six_decimals()
    {
        var splits = Parse(CorporateActionKind.Splits,
            """{"symbol": "IBM", "data": [{"effective_date": "2020-08-31", "split_factor": "0.0000000000001"}, {"effective_date": "2014-06-09", "split_factor": "0.000000000001"}]}""");
        var dividends = Parse(CorporateActionKind.Dividends, """{"symbol": "IBM", "data": [{"ex_dividend_date": "2026-11-10", "amount": "0.1234567"}]}""");

        Assert.Equal(["split_factor '0.0000000000001' must be a positive number of at least 0.000000000001"], splits.Rejected.Select(r => r.Reason));
        Assert.Equal([0.000000000001m], splits.Splits.Select(s => s.Factor));
        Assert.Equal(0.123457m, Assert.Single(dividends.Dividends).Amount);
    }

    [Fact]
    public void Two_splits_on_one_date_with_different_factors_are_both_rejected_and_an_exact_repeat_is_kept_once()
    {
        var parsed = Parse(CorporateActionKind.Splits,
            """
            {"symbol": "IBM", "data": [
              {"effective_date": "2020-08-31", "split_factor": "4.0000"}, {"effective_date": "2020-08-31", "split_factor": "4"},
              {"effective_date": "2014-06-09", "split_factor": "1.5"}, {"effective_date": "2014-06-09", "split_factor": "2"}
            ]}
            """);

        Assert.Equal([new SplitRow("IBM", new DateOnly(2020, 8, 31), 4m)], parsed.Splits);
        Assert.Equal(["two splits on 2014-06-09 with different factors", "two splits on 2014-06-09 with different factors"], parsed.Rejected.Select(r => r.Reason));
    }

    [Fact]
    public void A_split_on_the_landing_date_loads_and_a_reverse_split_keeps_its_fraction()
    {
        var parsed = Parse(CorporateActionKind.Splits,
            """{"symbol": "IBM", "data": [{"effective_date": "2026-11-25", "split_factor": "4.0000"}, {"effective_date": "2009-03-02", "split_factor": "0.1000"}]}""");

        Assert.Equal([new SplitRow("IBM", new DateOnly(2026, 11, 25), 4m), new SplitRow("IBM", new DateOnly(2009, 3, 2), 0.1m)], parsed.Splits);
    }

    [Theory]
    [InlineData("not json", "invalid JSON at line 1, byte 1")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("""{"Note": "Thank you for using Alpha Vantage!"}""", "Note: Thank you for using Alpha Vantage!")]
    [InlineData("""{"Error Message": "Invalid API call."}""", "Error Message: Invalid API call.")]
    [InlineData("""{"symbol": "IBM"}""", "no \"data\" list: not a SPLITS answer")]
    [InlineData("""{"symbol": "IBM", "data": {}}""", "no \"data\" list: not a SPLITS answer")]
    [InlineData("""{"symbol": "MSFT", "data": []}""", "symbol in the body 'MSFT' differs from the object's symbol 'IBM'")]
    [InlineData("""{"data": []}""", "symbol in the body '' differs from the object's symbol 'IBM'")]
    public void A_body_that_is_not_the_symbols_list_rejects_the_object_whole(string body, string reason)
    {
        var parsed = Parse(CorporateActionKind.Splits, body);

        Assert.Equal(reason, parsed.ObjectError);
        Assert.Equal(0, parsed.Rows);
    }

    [Theory]
    [InlineData("raw/corporate_actions/2026-11-25/BRK.B.splits.json", "BRK.B", "splits")]
    [InlineData("raw/corporate_actions/2026-11-25/IBM.dividends.json", "IBM", "dividends")]
    [InlineData("raw/corporate_actions/2026-11-25/IBM.json", null, null)]
    [InlineData("raw/corporate_actions/2026-11-25/ibm lower.splits.json", null, null)]
    [InlineData("raw/corporate_actions/2026-11-25/IBM.splits.csv", null, null)]
    public void An_objects_key_names_its_symbol_and_list(string key, string? symbol, string? kind)
    {
        var parsed = CorporateActionKind.Parse(key);

        Assert.Equal(symbol, parsed?.Symbol);
        Assert.Equal(kind, parsed?.Kind.Name);
    }
}
