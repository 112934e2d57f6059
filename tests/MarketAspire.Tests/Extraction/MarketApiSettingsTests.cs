using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Extraction;

/// <summary>The market API's settings as a user writes them: defaults per mode, and one clear line per mistake.</summary>
public class MarketApiSettingsTests
{
    private static MarketApiSettings From(params (string Key, string Value)[] settings) =>
        MarketApiSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    private static string Problem(params (string Key, string Value)[] settings) =>
        Assert.Throws<ConfigurationException>(() => From(settings)).Message;

    [Fact]
    public void A_real_key_gets_Alpha_Vantage_and_its_free_tier_limits()
    {
        var settings = From(("MARKET_API_KEY", "ABCDEF123"));

        Assert.Equal(new Uri("https://www.alphavantage.co"), settings.BaseUrl);
        Assert.Equal((5, 25, true), (settings.RequestsPerMinute, settings.RequestsPerDay, settings.UsesRealKey));
    }

    [Fact]
    public void The_simulator_has_no_quota_unless_configured()
    {
        var settings = From(("MARKET_API_BASE_URL", "http://127.0.0.1:4580"));

        Assert.Equal((600, 0, false), (settings.RequestsPerMinute, settings.RequestsPerDay, settings.UsesRealKey));
        Assert.Equal("compact", settings.OutputSize);
    }

    [Fact]
    public void Without_key_or_address_it_says_what_to_set()
    {
        Assert.Contains("MARKET_API_BASE_URL is required when no MARKET_API_KEY is set", Problem());
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("not a url")]
    public void An_address_that_is_not_http_is_named(string url)
    {
        Assert.Contains($"MARKET_API_BASE_URL must be an http(s) URL, not '{url}'.", Problem(("MARKET_API_BASE_URL", url)));
    }

    [Fact]
    public void The_total_timeout_is_never_shorter_than_one_attempt()
    {
        var settings = From(("MARKET_API_BASE_URL", "http://127.0.0.1:4580"),
            ("MARKET_API_ATTEMPT_TIMEOUT_SECONDS", "60"), ("MARKET_API_TOTAL_TIMEOUT_SECONDS", "10"));

        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60)), (settings.AttemptTimeout, settings.TotalTimeout));
    }

    [Fact]
    public void The_output_size_is_compact_or_full_in_any_case()
    {
        Assert.Equal("full", From(("MARKET_API_BASE_URL", "http://127.0.0.1:4580"), ("MARKET_API_OUTPUT_SIZE", " FULL ")).OutputSize);
        Assert.Contains("MARKET_API_OUTPUT_SIZE must be 'compact' or 'full', not 'huge'.",
            Problem(("MARKET_API_BASE_URL", "http://127.0.0.1:4580"), ("MARKET_API_OUTPUT_SIZE", "huge")));
    }

    [Fact]
    public void A_symbol_with_control_characters_is_shown_without_them()
    {
        Assert.Contains("MARKET_SYMBOLS: 'AB?C' is not a valid symbol",
            Problem(("MARKET_API_BASE_URL", "http://127.0.0.1:4580"), ("MARKET_SYMBOLS", "AB\u0007C")));
    }

    [Fact]
    public void An_empty_symbol_list_is_named()
    {
        Assert.Contains("MARKET_SYMBOLS lists no symbol.", Problem(("MARKET_API_BASE_URL", "http://127.0.0.1:4580"), ("MARKET_SYMBOLS", " , ")));
    }

    [Fact]
    public void A_key_too_short_to_be_a_key_is_not_masked_everywhere()
    {
        Assert.Equal("a demo body", new SecretRedactor("").Redact("a demo body"));
        Assert.Equal("a demo body", new SecretRedactor("a").Redact("a demo body"));
        Assert.Equal("key *** in a message", new SecretRedactor("ABCD").Redact("key abcd in a message"));
    }
}
