using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MarketAspire.AssetGraph.Partitions;
using Microsoft.Extensions.Options;

namespace MarketAspire.MarketApiSimulator;

/// <summary>
/// <c>GET /query?function=TIME_SERIES_DAILY&amp;symbol=IBM&amp;outputsize=compact&amp;apikey=KEY</c> (and <c>SPLITS</c>,
/// <c>DIVIDENDS</c>), as Alpha Vantage answers them.
/// </summary>
public static partial class QueryEndpoint
{
    public static async Task HandleAsync(
        HttpContext http,
        IOptions<SimulatorOptions> options,
        RequestCounter counter,
        FaultBook faults,
        TimeProvider time)
    {
        var settings = options.Value;
        var ct = http.RequestAborted;
        var query = http.Request.Query;
        var apiKey = query["apikey"].ToString();
        if (apiKey.Length == 0 || (!string.IsNullOrEmpty(settings.ApiKey) && apiKey != settings.ApiKey))
        {
            await Json(http, AlphaVantageBodies.InvalidKey());
            return;
        }

        // Counted on arrival, as a server does; the latency stands for the work and the way back.
        var verdict = counter.Admit(settings.RequestsPerMinute, settings.RequestsPerDay);
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(settings.LatencyMs, ct);
        }

        switch (verdict)
        {
            case QuotaVerdict.MinuteExceeded:
                await Json(http, AlphaVantageBodies.BurstInformation());
                return;
            case QuotaVerdict.DailyExceeded:
                await Json(http, AlphaVantageBodies.QuotaInformation(apiKey));
                return;
        }

        var function = query["function"].ToString();
        // LISTING_STATUS names no symbol: its faults are configured under the function's name.
        var listing = function == ListingStatusFunction;
        var symbol = listing ? ListingStatusFunction : query["symbol"].ToString().ToUpperInvariant();
        if (!listing && (function is not ("TIME_SERIES_DAILY" or "SPLITS" or "DIVIDENDS") || !SymbolPattern().IsMatch(symbol) ||
            settings.UnknownSymbols.Contains(symbol, StringComparer.OrdinalIgnoreCase)))
        {
            await Json(http, AlphaVantageBodies.InvalidCall(function.Length == 0 ? "TIME_SERIES_DAILY" : function));
            return;
        }

        var fault = http.Request.Headers.TryGetValue(SimulatorHeaders.Fault, out var header) && header.Count > 0
            ? FaultSpec.Parse(header.ToString()).Kind
            : faults.Take(symbol);
        var full = string.Equals(query["outputsize"].ToString(), "full", StringComparison.OrdinalIgnoreCase);
        if (full && !settings.AllowFullOutput)
        {
            fault = fault == FaultKind.None ? FaultKind.Premium : fault;
        }

        switch (fault)
        {
            case FaultKind.QuotaNote:
                await Json(http, AlphaVantageBodies.QuotaNote());
                return;
            case FaultKind.QuotaInformation:
                await Json(http, AlphaVantageBodies.QuotaInformation(apiKey));
                return;
            case FaultKind.QuotaPlain:
                await Json(http, AlphaVantageBodies.QuotaInformationPlain());
                return;
            case FaultKind.Burst:
                await Json(http, AlphaVantageBodies.BurstInformation());
                return;
            case FaultKind.PremiumEndpoint:
                await Json(http, AlphaVantageBodies.PremiumEndpoint());
                return;
            case FaultKind.ErrorMessage:
                await Json(http, AlphaVantageBodies.InvalidCall(function));
                return;
            case FaultKind.InvalidKey:
                await Json(http, AlphaVantageBodies.InvalidKey());
                return;
            case FaultKind.Premium:
                await Json(http, AlphaVantageBodies.PremiumOutputSize());
                return;
            case FaultKind.Http429:
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "1";
                await http.Response.WriteAsync("Too Many Requests", ct);
                return;
            case FaultKind.Http500:
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await http.Response.WriteAsync("Internal Server Error", ct);
                return;
            case FaultKind.Html:
                http.Response.ContentType = "text/html";
                await http.Response.WriteAsync(AlphaVantageBodies.HtmlErrorPage, ct);
                return;
            case FaultKind.Slow:
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                break;
        }

        var asOf = AsOf(http, settings, time);
        if (listing)
        {
            await ListingStatusAsync(http, asOf, fault == FaultKind.Truncated, ct);
            return;
        }

        if (function != "TIME_SERIES_DAILY")
        {
            await CorporateActionsAsync(http, function, symbol, asOf, ct);
            return;
        }

        var bars = PriceSeriesGenerator.Generate(symbol, ListingStatus.LastDay(symbol, asOf), full ? null : PriceSeriesGenerator.CompactDays);
        if (fault == FaultKind.NegativePrice && bars.Count > 0)
        {
            bars[0] = bars[0] with { Close = -bars[0].Close, Low = -bars[0].Close };
        }

        if (fault == FaultKind.Restate)
        {
            PriceSeriesGenerator.Restate(bars);
        }

        var buffer = new ArrayBufferWriter<byte>(full ? 1 << 20 : 16 << 10);
        PriceSeriesGenerator.WriteDailySeries(buffer, symbol, bars, full);
        var body = fault == FaultKind.Truncated ? buffer.WrittenMemory[..(buffer.WrittenCount / 2)] : buffer.WrittenMemory;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, ct);
    }

    /// <summary>The free-tier SPLITS and DIVIDENDS endpoints: the events known on the landing date.</summary>
    private static async Task CorporateActionsAsync(HttpContext http, string function, string symbol, DateOnly asOf, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(4 << 10);
        if (function == "SPLITS")
        {
            CorporateActions.WriteSplits(buffer, symbol, CorporateActions.Splits(symbol).Where(s => s.EffectiveDate <= asOf));
        }
        else
        {
            CorporateActions.WriteDividends(buffer, symbol, CorporateActions.Dividends(symbol, asOf));
        }

        http.Response.ContentType = "application/json";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
    }

    /// <summary>
    /// <c>function=LISTING_STATUS&amp;state=active|delisted&amp;date=YYYY-MM-DD</c>: the CSV list as of the date (after
    /// 2010-01-01, as Alpha Vantage supports), else as of the simulator's today; a bad state or date gets an error as JSON.
    /// </summary>
    private static async Task ListingStatusAsync(HttpContext http, DateOnly today, bool truncated, CancellationToken ct)
    {
        var state = http.Request.Query["state"].ToString();
        var dateText = http.Request.Query["date"].ToString();
        var date = today;
        if (state is not ("" or "active" or "delisted") ||
            (dateText.Length > 0 && (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) ||
                date <= new DateOnly(2010, 1, 1) || date > today)))
        {
            await Json(http, AlphaVantageBodies.InvalidCall(ListingStatusFunction));
            return;
        }

        var body = Encoding.UTF8.GetBytes(ListingStatus.Csv(state == "delisted", date));
        var served = truncated ? body.AsMemory(0, body.Length / 2) : body;
        http.Response.ContentType = "text/csv";
        http.Response.ContentLength = served.Length;
        await http.Response.Body.WriteAsync(served, ct);
    }

    private const string ListingStatusFunction = "LISTING_STATUS";

    private static DateOnly AsOf(HttpContext http, SimulatorOptions settings, TimeProvider time)
    {
        var text = settings.TimeTravel && http.Request.Headers.TryGetValue(SimulatorHeaders.AsOf, out var header) && header.Count > 0
            ? header.ToString()
            : settings.AsOf;
        return DailyPartition.TryParse(text, out var partition) ? partition.Date : DailyPartition.Latest(time).Date;
    }

    private static async Task Json(HttpContext http, string body)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body, Encoding.UTF8, http.RequestAborted);
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9.-]{0,15}$")]
    private static partial Regex SymbolPattern();
}
