using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Extraction;

public class SymbolValidationTests(SharedServers servers)
{
    [Theory]
    [InlineData("IBM")]
    [InlineData("BRK.B")]
    [InlineData("TSCO.LON")]
    [InlineData("BF-B")]
    [InlineData("0700.HK")]
    public void Valid_symbols_pass(string symbol) => Assert.True(SymbolList.IsValid(symbol));

    [Theory]
    [InlineData("ibm")]
    [InlineData("IBM&apikey=x")]
    [InlineData("../etc")]
    [InlineData("A B")]
    [InlineData("IBM'; DROP TABLE x;--")]
    [InlineData(".IBM")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    public void Invalid_symbols_are_rejected(string symbol) => Assert.False(SymbolList.IsValid(symbol));

    [Fact]
    public void Configuration_with_invalid_symbols_names_each_one()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingKeys.MarketApiBaseUrl] = "http://127.0.0.1:1",
            [SettingKeys.MarketSymbols] = "IBM, msft ,A&B",
        }).Build();

        var ex = Assert.Throws<ConfigurationException>(() => MarketApiSettings.From(config));
        Assert.Contains("MARKET_SYMBOLS: 'msft' is not a valid symbol", ex.Message);
        Assert.Contains("MARKET_SYMBOLS: 'A&B' is not a valid symbol", ex.Message);
    }

    [Theory]
    [InlineData(null, "yes", "MARKET_API_TIME_TRAVEL must be 'true' or 'false', not 'yes'.")]
    [InlineData("https://www.alphavantage.co", "true", "MARKET_API_TIME_TRAVEL is for the local simulator only")]
    public void Time_travel_is_refused_against_Alpha_Vantage_and_when_malformed(string? url, string value, string message)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingKeys.MarketApiBaseUrl] = url ?? "http://127.0.0.1:1",
            [SettingKeys.MarketApiKey] = "K",
            [SettingKeys.MarketApiTimeTravel] = value,
        }).Build();

        var ex = Assert.Throws<ConfigurationException>(() => MarketApiSettings.From(config));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task Invalid_symbols_are_rejected_before_any_request()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers, ct: TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => harness.ExtractAsync("2026-11-25", "IBM", "IBM&outputsize=full"));
        Assert.Contains("'IBM&outputsize=full'", ex.Message);
        Assert.Equal(0, harness.Simulator.Counter.Admitted);
    }
}
