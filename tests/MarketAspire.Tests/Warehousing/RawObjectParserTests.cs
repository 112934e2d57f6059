using System.Text;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Warehousing;

/// <summary>The parser on its own: every entry becomes a row or a reject whose reason names the field and the value.</summary>
public class RawObjectParserTests
{
    private const string Key = "raw/stock_data/2026-11-25/IBM.json";

    private static ParsedObject Parse(string series, string symbol = "IBM") => RawObjectParser.Parse(Key, symbol, "sha",
        Encoding.UTF8.GetBytes("{\"Meta Data\": {\"2. Symbol\": \"" + symbol + "\"}, \"Time Series (Daily)\": {" + series + "}}"), DailyPartition.Parse("2026-11-25"));

    private static string Entry(string open = "\"1.5\"", string high = "\"2\"", string low = "\"1\"", string close = "\"1.5\"", string volume = "\"100\"") =>
        $$"""{"1. open": {{open}}, "2. high": {{high}}, "3. low": {{low}}, "4. close": {{close}}, "5. volume": {{volume}}}""";

    private static string OnlyReason(ParsedObject parsed) => Assert.Single(parsed.RejectedRows).Reason;

    [Fact]
    public void Rows_come_out_oldest_first_whatever_order_the_object_lists_them_in()
    {
        var parsed = Parse($"\"2026-11-24\": {Entry()}, \"2026-11-20\": {Entry()}, \"2026-11-25\": {Entry()}, \"2025-01-02\": {Entry()}");

        Assert.Equal(["2025-01-02", "2026-11-20", "2026-11-24", "2026-11-25"], parsed.Rows.Select(r => r.PriceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("1. open")]
    [InlineData("2. high")]
    [InlineData("3. low")]
    [InlineData("4. close")]
    [InlineData("5. volume")]
    public void A_missing_field_is_named(string field)
    {
        var entry = Entry().Replace($"\"{field}\"", "\"x\"", StringComparison.Ordinal);
        Assert.Equal($"missing field \"{field}\"", OnlyReason(Parse($"\"2026-11-24\": {entry}")));
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2000-01-03", true)]
    [InlineData("0001-01-01", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-04-31", false)]
    [InlineData("2026-00-10", false)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-11-00", false)]
    [InlineData("0000-01-01", false)]
    [InlineData("2026-1-05", false)]
    [InlineData("2026/01/05", false)]
    [InlineData(" 2026-01-05", false)]
    [InlineData("2026-01-05 ", false)]
    [InlineData("2026-01-0x", false)]
    [InlineData("２０２６-01-05", false)]
    [InlineData("26-01-2026", false)]
    public void A_price_date_is_exactly_year_month_day_and_a_real_date(string date, bool accepted)
    {
        var parsed = Parse($"\"{date}\": {Entry()}");
        if (accepted)
        {
            Assert.Equal(DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Assert.Single(parsed.Rows).PriceDate);
        }
        else
        {
            Assert.Equal($"price_date '{date}' is not a date (YYYY-MM-DD)", OnlyReason(parsed));
        }
    }

    [Fact]
    public void Every_entry_of_a_date_that_appears_twice_is_rejected_and_the_others_load()
    {
        var parsed = Parse($"\"2026-11-24\": {Entry()}, \"2026-11-23\": {Entry()}, \"2026-11-24\": {Entry(open: "\"9\"")}, \"2026-11-20\": {Entry()}");

        Assert.Equal([new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 23)], parsed.Rows.Select(r => r.PriceDate));
        Assert.Equal(["2026-11-24", "2026-11-24"], parsed.RejectedRows.Select(r => r.PriceDate));
    }

    [Fact]
    public void Numbers_written_as_JSON_numbers_are_read_as_written()
    {
        var parsed = Parse($"\"2026-11-24\": {Entry(open: "1.5", volume: "100")}");
        var row = Assert.Single(parsed.Rows);
        Assert.Equal((1.5m, 100L), (row.Open, row.Volume));
    }

    [Fact]
    public void Escaped_values_are_read_unescaped_and_quoted_so_in_a_reject()
    {
        var parsed = Parse($"\"2026-11-24\": {Entry(open: "\"\\u0031.5\"", volume: "\"1\\u00300\"")}, \"2026-11-21\": {Entry(close: "\"\\u0078\"")}");

        var row = Assert.Single(parsed.Rows);
        Assert.Equal((1.5m, 100L), (row.Open, row.Volume));
        Assert.Equal("\"4. close\" is not a number: 'x'", OnlyReason(parsed));
        Assert.Contains("\"4. close\": \"x\"", Assert.Single(parsed.RejectedRows).Text);
    }

    [Theory]
    [InlineData("\"\"", "\"1. open\" is not a number: ''")]
    [InlineData("\" 1.5\"", "\"1. open\" is not a number: ' 1.5'")]
    [InlineData("\"1e3\"", "\"1. open\" is not a number: '1e3'")]
    [InlineData("\"１.5\"", "\"1. open\" is not a number: '１.5'")]
    public void A_price_that_is_not_plainly_a_number_is_quoted_as_written(string open, string reason)
    {
        Assert.Equal(reason, OnlyReason(Parse($"\"2026-11-24\": {Entry(open: open)}")));
    }

    [Fact]
    public void A_value_longer_than_any_number_is_rejected_whole_in_the_reason()
    {
        var digits = "1" + new string('0', 80);

        Assert.Equal($"\"1. open\" is not a number: '{digits}'", OnlyReason(Parse($"\"2026-11-24\": {Entry(open: $"\"{digits}\"")}")));
        Assert.Equal($"\"5. volume\" '{digits}' does not fit BIGINT", OnlyReason(Parse($"\"2026-11-24\": {Entry(volume: $"\"{digits}\"")}")));
    }

    [Fact]
    public void The_largest_price_that_fits_is_accepted_and_one_beyond_is_rejected()
    {
        Assert.Single(Parse($"\"2026-11-24\": {Entry(high: "\"99999999999999.9999\"")}").Rows);
        Assert.Equal("\"2. high\" '100000000000000.0000' does not fit NUMERIC(18,4)",
            OnlyReason(Parse($"\"2026-11-24\": {Entry(high: "\"100000000000000.0000\"")}")));
    }

    [Theory]
    [InlineData("\"\"", "\"5. volume\" is not a whole number: ''")]
    [InlineData("\"1.5\"", "\"5. volume\" is not a whole number: '1.5'")]
    [InlineData("\"99999999999999999999\"", "\"5. volume\" '99999999999999999999' does not fit BIGINT")]
    public void A_bad_volume_says_why(string volume, string reason)
    {
        Assert.Equal(reason, OnlyReason(Parse($"\"2026-11-24\": {Entry(volume: volume)}")));
    }

    [Fact]
    public void A_field_that_is_not_a_string_or_number_is_named_with_its_kind()
    {
        Assert.Equal("\"1. open\" is a StartArray, not a string", OnlyReason(Parse($"\"2026-11-24\": {Entry(open: "[1]")}")));
    }

    [Fact]
    public void A_body_without_the_series_is_rejected_whole_with_that_reason()
    {
        var parsed = RawObjectParser.Parse(Key, "IBM", "sha", Encoding.UTF8.GetBytes("""{"Meta Data": {"2. Symbol": "IBM"}}"""), DailyPartition.Parse("2026-11-25"));
        Assert.Equal("no \"Time Series (Daily)\" object", parsed.ObjectError);
        Assert.Empty(parsed.Rows);
    }

    [Fact]
    public void Truncated_JSON_names_the_line_it_broke_on()
    {
        var parsed = RawObjectParser.Parse(Key, "IBM", "sha", Encoding.UTF8.GetBytes("{\n\"Time Series (Daily)\": {\n\"2026-11-24\": {\"1. open\""), DailyPartition.Parse("2026-11-25"));
        Assert.StartsWith("invalid JSON (truncated or corrupt) at line 3, byte", parsed.ObjectError);
    }

    [Fact]
    public void Content_after_the_top_level_object_rejects_the_object()
    {
        var parsed = RawObjectParser.Parse(Key, "IBM", "sha", Encoding.UTF8.GetBytes("""{"Time Series (Daily)": {}} {}"""), DailyPartition.Parse("2026-11-25"));
        Assert.NotNull(parsed.ObjectError);
    }

    [Fact]
    public void The_offending_text_of_a_long_entry_is_cut_at_300_characters()
    {
        var reject = Assert.Single(Parse($"\"2026-11-24\": {Entry(open: $"\"{new string('9', 400)}\"")}").RejectedRows);
        Assert.Equal(301, reject.Text!.Length);
        Assert.EndsWith("…", reject.Text);
        var shortReject = Assert.Single(Parse($"\"2026-11-24\": {Entry(open: "\"abc\"")}").RejectedRows);
        Assert.Equal("\"2026-11-24\": {\"1. open\": \"abc\", \"2. high\": \"2\", \"3. low\": \"1\", \"4. close\": \"1.5\", \"5. volume\": \"100\"}", shortReject.Text);
    }
}
