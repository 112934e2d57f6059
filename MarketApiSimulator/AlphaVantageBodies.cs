namespace MarketAspire.MarketApiSimulator;

/// <summary>Alpha Vantage's own texts for its failures (HTTP 200 with one of these bodies).</summary>
public static class AlphaVantageBodies
{
    public static string QuotaInformation(string apiKey) =>
        Json("Information", $"We have detected your API key as {apiKey} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.");

    /// <summary>The same daily-quota text without the "We have detected your API key" prefix, as some keys get it.</summary>
    public static string QuotaInformationPlain() =>
        Json("Information", "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.");

    /// <summary>The free tier's burst message (more than 1 request a second): retry after a second, the day is not spent.</summary>
    public static string BurstInformation() =>
        Json("Information", "Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), raise the per-second burst limit, and instantly unlock all premium endpoints");

    public static string PremiumEndpoint() =>
        Json("Information", "Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints");

    public static string QuotaNote() =>
        Json("Note", "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.");

    public static string InvalidCall(string function) =>
        Json("Error Message", $"Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for {function}.");

    public static string InvalidKey() =>
        Json("Error Message", "the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.");

    public static string PremiumOutputSize() =>
        Json("Information", "Thank you for using Alpha Vantage! The outputsize=full parameter value is a premium feature for the TIME_SERIES_DAILY endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium features");

    public const string HtmlErrorPage =
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";

    private static string Json(string key, string message) =>
        $"{{\n    \"{key}\": {System.Text.Json.JsonSerializer.Serialize(message)}\n}}";
}
