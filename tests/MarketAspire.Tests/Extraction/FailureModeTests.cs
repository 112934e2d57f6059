using MarketAspire.Extractor;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Extraction;

/// <summary>Each Alpha Vantage failure mode, served by the simulator, handled as specified; the other symbols still land.</summary>
public class FailureModeTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ExtractionResult> ExtractWithFaultAsync(string fault, Dictionary<string, string?>? extractor = null, Dictionary<string, string?>? simulator = null)
    {
        simulator ??= [];
        simulator["Faults:IBM"] = fault;
        await using var harness = await ExtractorHarness.StartAsync(servers, simulator, extractor, Ct);
        var result = await harness.ExtractAsync("2026-11-25", "IBM", "MSFT");
        var landed = await harness.ListKeysAsync("raw/");
        Assert.Contains("raw/stock_data/2026-11-25/MSFT.json", landed);
        if (result.Symbols.Single(s => s.Symbol == "IBM").Status is not (SymbolStatus.Landed or SymbolStatus.Unchanged))
        {
            Assert.DoesNotContain("raw/stock_data/2026-11-25/IBM.json", landed);
        }

        return result;
    }

    private static SymbolResult Ibm(ExtractionResult result) => result.Symbols.Single(s => s.Symbol == "IBM");

    [Theory]
    [InlineData("error-message", "Error Message: Invalid API call.")]
    [InlineData("premium-endpoint", "premium-only: this request needs a premium Alpha Vantage key (Information: Thank you for using Alpha Vantage! This is a premium endpoint.")]
    [InlineData("premium", "premium-only: this request needs a premium Alpha Vantage key (Information: Thank you for using Alpha Vantage! The outputsize=full parameter value is a premium feature")]
    [InlineData("truncated", "invalid JSON (truncated or corrupt)")]
    [InlineData("html", "not JSON: an HTML page (<!DOCTYPE html> <html><head><title>502 Bad Gateway")]
    [InlineData("http-500", "HTTP 500 Internal Server Error after retries")]
    [InlineData("http-429", "HTTP 429 Too Many Requests after retries")]
    [InlineData("quota-note", "still rate limited after 3 retries: Note: Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute")]
    public async Task A_failing_symbol_is_reported_with_the_reason_and_nothing_of_it_is_landed(string fault, string reason)
    {
        var result = await ExtractWithFaultAsync(fault);

        Assert.Equal(SymbolStatus.Failed, Ibm(result).Status);
        Assert.StartsWith(reason, Ibm(result).Reason);
        Assert.Equal(SymbolStatus.Landed, result.Symbols.Single(s => s.Symbol == "MSFT").Status);
        Assert.False(result.Succeeded);
    }

    [Theory]
    [InlineData("http-500:2")]
    [InlineData("http-429:1")]
    [InlineData("quota-note:2")]
    [InlineData("burst:2")]
    [InlineData("truncated:1")]
    [InlineData("html:2")]
    public async Task A_transient_failure_is_retried_and_the_symbol_lands(string fault)
    {
        var result = await ExtractWithFaultAsync(fault);
        Assert.Equal(SymbolStatus.Landed, Ibm(result).Status);
        Assert.True(result.Succeeded, result.Summary());
    }

    [Fact]
    public async Task A_slow_response_times_out_per_attempt()
    {
        var result = await ExtractWithFaultAsync("slow", new() { ["MARKET_API_ATTEMPT_TIMEOUT_SECONDS"] = "1", ["MARKET_API_TOTAL_TIMEOUT_SECONDS"] = "3" });
        Assert.Equal(SymbolStatus.Failed, Ibm(result).Status);
        Assert.StartsWith("timed out", Ibm(result).Reason);
    }

    [Fact]
    public async Task A_spent_daily_quota_stops_the_run_and_names_the_remaining_symbols()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers,
            new Dictionary<string, string?> { ["RequestsPerDay"] = "2" },
            new Dictionary<string, string?> { ["MARKET_API_CONCURRENCY"] = "1" }, Ct);

        var result = await harness.ExtractAsync("2026-11-25", "AAPL", "IBM", "MSFT", "NVDA", "JPM");

        Assert.Equal(["AAPL", "IBM"], result.Symbols.Where(s => s.Status == SymbolStatus.Landed).Select(s => s.Symbol));
        Assert.Equal(["MSFT", "NVDA", "JPM"], result.Remaining.Select(s => s.Symbol));
        Assert.Contains("the API's daily quota is spent (Information: We have detected your API key as *** and our standard API rate limit is 25 requests per day", result.StopReason);
        Assert.Equal(2, (await harness.ListKeysAsync("raw/")).Count);
        Assert.Equal(1, harness.Simulator.Counter.QuotaResponses); // it stopped at the first quota answer
    }

    [Fact]
    public async Task The_client_side_daily_limit_stops_before_provoking_a_quota_answer()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers,
            new Dictionary<string, string?> { ["RequestsPerDay"] = "3" },
            new Dictionary<string, string?> { ["MARKET_API_CONCURRENCY"] = "1", ["MARKET_API_REQUESTS_PER_DAY"] = "3" }, Ct);

        var result = await harness.ExtractAsync("2026-11-25", "AAPL", "IBM", "MSFT", "NVDA");

        Assert.Equal(3, result.Symbols.Count(s => s.Status == SymbolStatus.Landed));
        Assert.Equal(["NVDA"], result.Remaining.Select(s => s.Symbol));
        Assert.Contains("MARKET_API_REQUESTS_PER_DAY", result.StopReason);
        Assert.Equal(0, harness.Simulator.Counter.QuotaResponses);
    }

    [Fact]
    public async Task An_invalid_key_stops_the_run_without_echoing_the_key()
    {
        await using var harness = await ExtractorHarness.StartAsync(servers,
            new Dictionary<string, string?> { ["ApiKey"] = "the-right-key" },
            new Dictionary<string, string?> { ["MARKET_API_KEY"] = "Wrong-Key-123", ["MARKET_API_CONCURRENCY"] = "1" }, Ct);

        var result = await harness.ExtractAsync("2026-11-25", "AAPL", "IBM", "MSFT");

        Assert.Equal(SymbolStatus.Failed, result.Symbols[0].Status);
        Assert.StartsWith("Error Message: the parameter apikey is invalid or missing", result.Symbols[0].Reason);
        Assert.Equal(["IBM", "MSFT"], result.Remaining.Select(s => s.Symbol));
        Assert.DoesNotContain("Wrong-Key-123", result.Summary());
    }

    [Fact]
    public async Task The_simulator_enforces_its_rate_limit_as_Alpha_Vantage_does()
    {
        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["RequestsPerMinute"] = "2" }, Ct);
        using var http = new HttpClient();
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            bodies.Add(await http.GetStringAsync($"{simulator.BaseUrl}/query?function=TIME_SERIES_DAILY&symbol=IBM&apikey=k", Ct));
        }

        Assert.Contains("Time Series (Daily)", bodies[1]);
        Assert.Equal(
            "Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), raise the per-second burst limit, and instantly unlock all premium endpoints",
            System.Text.Json.JsonDocument.Parse(bodies[2]).RootElement.GetProperty("Information").GetString());
    }

    [Fact]
    public async Task Every_request_that_leaves_the_process_counts_against_the_daily_limit_retries_included()
    {
        // IBM answers HTTP 500 four times: the resilience pipeline retries, and each retry is a request the API counts.
        await using var harness = await ExtractorHarness.StartAsync(servers,
            new Dictionary<string, string?> { ["Faults:IBM"] = "http-500:4" },
            new Dictionary<string, string?> { ["MARKET_API_CONCURRENCY"] = "1", ["MARKET_API_REQUESTS_PER_DAY"] = "3" }, Ct);

        var result = await harness.ExtractAsync("2026-11-25", "IBM", "MSFT");

        Assert.Equal(3, harness.Simulator.Counter.Admitted);
        Assert.Contains("client-side daily limit of 3 requests (MARKET_API_REQUESTS_PER_DAY)", result.StopReason);
        Assert.Equal(["IBM", "MSFT"], result.Remaining.Select(s => s.Symbol));
    }

    [Fact]
    public async Task Retries_wait_for_the_per_minute_limit_too()
    {
        // 2 requests a minute, spaced 30 s apart: IBM's first attempt fails, its retry must wait for the next permit.
        await using var harness = await ExtractorHarness.StartAsync(servers,
            new Dictionary<string, string?> { ["Faults:IBM"] = "http-500:1" },
            new Dictionary<string, string?> { ["MARKET_API_CONCURRENCY"] = "1", ["MARKET_API_REQUESTS_PER_MINUTE"] = "120" }, Ct);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await harness.ExtractAsync("2026-11-25", "IBM", "MSFT");

        Assert.True(result.Succeeded, result.Summary());
        Assert.Equal(3, harness.Simulator.Counter.Admitted);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1), $"3 requests at 120 a minute (0.5 s apart) took {started.Elapsed}");
    }
}
