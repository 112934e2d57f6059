using System.Text.Json;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Extraction;

/// <summary>The simulator's free-tier SPLITS and DIVIDENDS endpoints: Alpha Vantage's shapes, histories consistent with its prices.</summary>
public class CorporateActionsSimulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonDocument> GetAsync(SimulatorServer simulator, string function, string symbol, string asOf)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{simulator.BaseUrl}/query?function={function}&symbol={symbol}&apikey=k");
        request.Headers.Add(SimulatorHeaders.AsOf, asOf);
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Splits_come_as_Alpha_Vantage_sends_them_newest_first_and_only_those_effective_by_the_landing_date()
    {
        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["TimeTravel"] = "true" }, Ct);

        using var splits = await GetAsync(simulator, "SPLITS", "IBM", "2026-11-25");
        Assert.Equal("IBM", splits.RootElement.GetProperty("symbol").GetString());
        var data = splits.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["4.0000", "1.5000", "0.1000"], data.Select(d => d.GetProperty("split_factor").GetString()));
        Assert.All(data, d => Assert.Equal(["effective_date", "split_factor"], d.EnumerateObject().Select(p => p.Name)));
        var expected = CorporateActions.Splits("IBM").OrderByDescending(s => s.EffectiveDate).Select(s => s.EffectiveDate.ToString("yyyy-MM-dd"));
        Assert.Equal(expected, data.Select(d => d.GetProperty("effective_date").GetString()));

        using var before = await GetAsync(simulator, "SPLITS", "IBM", "2014-01-02");
        Assert.Equal(["0.1000"], before.RootElement.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("split_factor").GetString()));
    }

    [Fact]
    public async Task Dividends_carry_all_four_dates_and_an_amount_with_a_special_one_in_2018()
    {
        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["TimeTravel"] = "true" }, Ct);

        using var dividends = await GetAsync(simulator, "DIVIDENDS", "MSFT", "2026-11-25");

        var data = dividends.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["ex_dividend_date", "declaration_date", "record_date", "payment_date", "amount"], data[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal((16 * 4) + 4 + 1, data.Count); // 2010-2025 quarterly, 2026's four, the special one
        Assert.Equal("2026-11-10", data[0].GetProperty("ex_dividend_date").GetString());
        var amounts = data.ToDictionary(d => d.GetProperty("ex_dividend_date").GetString()!, d => decimal.Parse(d.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(amounts["2018-12-14"] > 3 * amounts["2018-11-12"], "the special dividend is several regular ones");
        Assert.All(amounts.Values, a => Assert.True(a > 0));
    }

    [Fact]
    public async Task A_dividend_declared_before_the_landing_date_is_listed_ahead_of_its_ex_date()
    {
        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["TimeTravel"] = "true" }, Ct);

        // Declared on 2026-10-27 for an ex-date of 2026-11-10, as Alpha Vantage lists declared distributions.
        using var dividends = await GetAsync(simulator, "DIVIDENDS", "MSFT", "2026-11-01");

        var newest = dividends.RootElement.GetProperty("data").EnumerateArray().First();
        Assert.Equal("2026-11-10", newest.GetProperty("ex_dividend_date").GetString());
        Assert.Equal("2026-10-27", newest.GetProperty("declaration_date").GetString());
        Assert.True(decimal.Parse(newest.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Theory]
    [InlineData("IBM")]
    [InlineData("AAPL")]
    [InlineData("BRK.B")]
    public void The_raw_price_moves_by_the_split_ratio_on_each_effective_date_and_volume_the_other_way(string symbol)
    {
        var bars = PriceSeriesGenerator.Generate(symbol, new DateOnly(2026, 11, 25), null).ToDictionary(b => b.Date);
        foreach (var split in CorporateActions.Splits(symbol))
        {
            var on = bars[split.EffectiveDate];
            var before = bars[NyseCalendar.PreviousTradingDay(split.EffectiveDate)];
            var unsplit = on.Close * split.Factor / before.Close; // one day's move of at most a few percent once the split is undone
            Assert.InRange(unsplit, 0.95m, 1.05m);
            Assert.InRange(on.Volume / (decimal)before.Volume / split.Factor, 0.3m, 3m);
        }
    }
}
