using System.Text;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Warehousing;

public class RawRowCounterTests
{
    [Theory]
    [InlineData("""{"Meta Data": {"2. Symbol": "IBM", "3. Last Refreshed": "2026-11-25"}, "Time Series (Daily)": {"2026-11-25": {"1. open": "1"}, "2026-11-24": {}}}""", 2)]
    [InlineData("""{"Time Series (Daily)": {"2026-11-25": {"1. open": "1"}, "2026-11-25": {"1. open": "2"}}}""", 2)] // a duplicate date is two rows
    [InlineData("""{"Time Series (Daily)": {"2026-11-25": [1, {"a": 1}], "x": {"nested": {"deep": 1}}}}""", 2)]
    [InlineData("""{"Information": "Thank you for using Alpha Vantage!"}""", 0)]
    [InlineData("""{"Time Series (Daily)": "not an object"}""", 0)]
    [InlineData("""{"Meta Data": {"Time Series (Daily)": {"2026-11-25": {}}}}""", 0)] // only the top-level series counts
    [InlineData("""[]""", 0)]
    public void Counts_the_entries_of_the_daily_series(string body, int expected)
    {
        Assert.Equal(expected, RawRowCounter.Count(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"Time Series (Daily)": {"2026-11-25": {"1. open": "1"}""")]
    [InlineData("<!DOCTYPE html><html></html>")]
    [InlineData("")]
    public void Bytes_that_are_not_JSON_cannot_be_counted(string body)
    {
        Assert.Null(RawRowCounter.Count(Encoding.UTF8.GetBytes(body)));
    }
}
