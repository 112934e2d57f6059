namespace MarketAspire.MarketApiSimulator;

/// <summary>Alpha Vantage's own texts for its failures (HTTP 200 with one of these bodies).</summary>
public static class AlphaVantageBodies
{
    public static string QuotaInformation(string apiKey) =>
        Json("Information", $"We have detected your API key as {apiKey} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.");

    public static string QuotaPerMinuteInformation(string apiKey, int perMinute) =>
        Json("Information", $"We have detected your API key as {apiKey} and our standard API rate limit is {perMinute} requests per minute. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all rate limits.");

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
