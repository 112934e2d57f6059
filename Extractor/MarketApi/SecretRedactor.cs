namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// Removes the API key from any text that leaves the process (Alpha Vantage echoes the key in its quota messages).
/// </summary>
public sealed class SecretRedactor(string secret)
{
    public const string Mask = "***";

    public string Redact(string text) =>
        secret.Length < 4 ? text : text.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
}
