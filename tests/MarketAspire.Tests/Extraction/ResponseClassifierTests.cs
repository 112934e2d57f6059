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
}
