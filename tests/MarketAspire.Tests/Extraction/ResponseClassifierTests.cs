using System.Text;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.MarketApiSimulator;

namespace MarketAspire.Tests.Extraction;

/// <summary>Alpha Vantage's own texts (as the simulator sends them, verbatim), each told apart from the others.</summary>
public class ResponseClassifierTests
{
    private static readonly SecretRedactor Redactor = new("SECRETKEY1");

    private static ApiResponse Classify(string body, string symbol = "IBM") =>
        ResponseClassifier.Classify(Encoding.UTF8.GetBytes(body), symbol, 200, "application/json", Redactor);

    public static TheoryData<string, ApiOutcome> Messages => new()
    {
        { AlphaVantageBodies.BurstInformation(), ApiOutcome.RateLimited },
        { AlphaVantageBodies.QuotaNote(), ApiOutcome.RateLimited },
        { AlphaVantageBodies.QuotaInformation("SECRETKEY1"), ApiOutcome.DailyQuotaSpent },
        { AlphaVantageBodies.QuotaInformationPlain(), ApiOutcome.DailyQuotaSpent },
        { AlphaVantageBodies.PremiumEndpoint(), ApiOutcome.PremiumOnly },
        { AlphaVantageBodies.PremiumOutputSize(), ApiOutcome.PremiumOnly },
        { AlphaVantageBodies.InvalidKey(), ApiOutcome.InvalidKey },
        { AlphaVantageBodies.InvalidCall("TIME_SERIES_DAILY"), ApiOutcome.InvalidCall },
        { """{"Information": "The demo API key is for demo purposes only."}""", ApiOutcome.Failed },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_message_of_the_free_tier_is_classified_by_its_text(string body, ApiOutcome expected)
    {
        var response = Classify(body);
        Assert.Equal(expected, response.Outcome);
        Assert.DoesNotContain("SECRETKEY1", response.Message);
    }

    [Fact]
    public void The_burst_message_asks_for_a_retry_after_about_a_second_though_it_mentions_the_daily_limit()
    {
        var response = Classify(AlphaVantageBodies.BurstInformation());
        Assert.Equal(ResponseClassifier.BurstRetryDelay, response.RetryAfter);
        Assert.InRange(response.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Null(Classify(AlphaVantageBodies.QuotaNote()).RetryAfter);
    }

    [Fact]
    public void A_premium_only_answer_names_the_key_tier()
    {
        Assert.StartsWith("premium-only: this request needs a premium Alpha Vantage key", Classify(AlphaVantageBodies.PremiumOutputSize()).Message);
    }

    [Fact]
    public void The_daily_quota_message_is_kept_with_the_key_masked()
    {
        var response = Classify(AlphaVantageBodies.QuotaInformation("SECRETKEY1"));
        Assert.StartsWith("Information: We have detected your API key as *** and our standard API rate limit is 25 requests per day", response.Message);
    }

    [Theory]
    [InlineData("IBM", ApiOutcome.Series)]
    [InlineData("ibm", ApiOutcome.Failed)]
    [InlineData("MSFT", ApiOutcome.Failed)]
    public void A_body_is_landed_only_for_exactly_the_requested_symbol(string bodySymbol, ApiOutcome expected)
    {
        var body = "{\"Meta Data\": {\"2. Symbol\": \"" + bodySymbol + "\"}, \"Time Series (Daily)\": {\"2026-11-25\": {\"1. open\": \"1\"}}}";
        var response = Classify(body);
        Assert.Equal(expected, response.Outcome);
        Assert.Equal(expected == ApiOutcome.Series ? 1 : 0, response.SeriesDays);
    }

    [Theory]
    [InlineData("IBM", true)]
    [InlineData("ibm", false)]
    [InlineData(null, false)]
    public void Extractor_and_warehouse_share_one_symbol_rule(string? bodySymbol, bool matches)
    {
        Assert.Equal(matches, MarketAspire.JobHosting.Lake.Symbols.BodyMatches(bodySymbol, "IBM"));
        var parsed = MarketAspire.Warehouse.Staging.RawObjectParser.Parse("raw/stock_data/2026-11-25/IBM.json", "IBM", "sha",
            Encoding.UTF8.GetBytes("{\"Meta Data\": {\"2. Symbol\": " + (bodySymbol is null ? "null" : $"\"{bodySymbol}\"") + "}, \"Time Series (Daily)\": {\"2026-11-25\": {\"1. open\": \"1\", \"2. high\": \"1\", \"3. low\": \"1\", \"4. close\": \"1\", \"5. volume\": \"1\"}}}"),
            MarketAspire.AssetGraph.Partitions.DailyPartition.Parse("2026-11-25"));
        Assert.Equal(matches ? 1 : 0, parsed.Rows.Count);
        Assert.Equal(matches ? 0 : 1, parsed.RejectedRows.Count);
    }

    private static ApiResponse ClassifyAs(string body, string? contentType) =>
        ResponseClassifier.Classify(Encoding.UTF8.GetBytes(body), "IBM", 200, contentType, Redactor);

    [Fact]
    public void An_empty_body_is_a_transient_failure()
    {
        var response = ResponseClassifier.Classify([], "IBM", 200, "application/json", Redactor);
        Assert.Equal((ApiOutcome.Failed, "empty response body", true), (response.Outcome, response.Message, response.Transient));
    }

    [Fact]
    public void An_html_page_is_named_with_a_short_excerpt_on_one_line()
    {
        var page = "<html>\n<body>\t" + new string('x', 100) + "</body></html>";

        var response = ClassifyAs(page, "text/plain");

        Assert.Equal((ApiOutcome.Failed, true), (response.Outcome, response.Transient));
        Assert.Equal($"not JSON: an HTML page (<html> <body> {new string('x', 66)}…)", response.Message);
        Assert.Equal("not JSON: an HTML page (<p>short</p>)", ClassifyAs("  <p>short</p>", null).Message);
        Assert.StartsWith("not JSON: an HTML page (", ClassifyAs("{}", "text/html; charset=utf-8").Message);
    }

    [Fact]
    public void Truncated_JSON_says_where_it_broke_and_how_much_arrived()
    {
        var response = Classify("{\n\"Meta Data\": {\"1. Information\": \"Daily");

        Assert.Equal((ApiOutcome.Failed, true), (response.Outcome, response.Transient));
        Assert.StartsWith("invalid JSON (truncated or corrupt) at byte ", response.Message);
        Assert.EndsWith(", line 2; 40 bytes received", response.Message);
    }

    [Fact]
    public void A_body_without_a_series_lists_its_keys_and_one_without_a_symbol_says_none()
    {
        Assert.Equal("no \"Time Series (Daily)\" object (keys: a, b, c, d, e)", Classify("""{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}""").Message);
        Assert.Equal("the body is for symbol '(none)', not IBM", Classify("""{"Time Series (Daily)": {}}""").Message);
        Assert.Equal("unexpected JSON Array, not an object", Classify("[1]").Message);
    }
}
