using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>
/// On Lambda, secrets come from Secrets Manager through the AWS Parameters and Secrets Lambda extension's local HTTP
/// endpoint (the AWS SDK's Secrets Manager package is not served here). <c>KEY_SECRET_ARN</c> fills <c>KEY</c>; a JSON
/// secret contributes its <c>password</c> field (the shape of generated Redshift credentials). Every key set as
/// <c>..._SECRET_ARN</c> whose plain key is unset is read.
/// </summary>
public static class SecretsExtension
{
    /// <summary>The value a secret the user must fill (the API key) is created with.</summary>
    public const string NotSet = "NOT_SET";

    /// <summary>
    /// Whether settings the host may read at its start hold the key (the sensor's webhook URL, which its HTTP tracing filter
    /// reads then; the lineage endpoint's API key, a validated setting too): a host started before the first invocation
    /// never saw them, so that invocation starts a fresh host with them (only when such a secret is configured).
    /// </summary>
    public static bool ReadAtStart(string key) => key is SettingKeys.AlertWebhookUrl or SettingKeys.OpenLineageApiKey;

    /// <summary>The keys to fill from secrets: each <c>KEY</c> with a <c>KEY_SECRET_ARN</c> and no value of its own.</summary>
    public static IReadOnlyList<string> KeysToRead(IConfiguration current) => current.AsEnumerable()
        .Where(kv => kv.Key.EndsWith(SettingKeys.SecretArnSuffix, StringComparison.Ordinal) && !kv.Key.Contains(':', StringComparison.Ordinal) && !string.IsNullOrEmpty(kv.Value))
        .Select(kv => kv.Key[..^SettingKeys.SecretArnSuffix.Length])
        .Where(k => string.IsNullOrEmpty(current[k]))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Reads the keys' secrets now (the extension's cache is off in the template, so this is Secrets Manager's current value).</summary>
    /// <exception cref="SecretNotSetException">A secret still holds <see cref="NotSet"/>.</exception>
    public static async Task<IReadOnlyDictionary<string, string?>> ReadAsync(IConfiguration current, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>();
        if (keys.Count == 0)
        {
            return values;
        }

        var port = current["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] is { Length: > 0 } p ? p : "2773";
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Aws-Parameters-Secrets-Token", current["AWS_SESSION_TOKEN"] ?? "");
        foreach (var key in keys)
        {
            var arn = current[key + SettingKeys.SecretArnSuffix]!;
            using var response = await http.GetAsync(new Uri($"secretsmanager/get?secretId={Uri.EscapeDataString(arn)}", UriKind.Relative), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConfigurationException($"Configuration error: {key}{SettingKeys.SecretArnSuffix} could not be read through the Secrets extension (HTTP {(int)response.StatusCode}).");
            }

            var secret = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("SecretString").GetString() ?? "";
            values[key] = secret == NotSet ? throw new SecretNotSetException(key, arn) : ValueOf(secret);
        }

        return values;
    }

    private static string? ValueOf(string secret)
    {
        if (!secret.TrimStart().StartsWith('{'))
        {
            return secret;
        }

        try
        {
            using var document = JsonDocument.Parse(secret);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("password", out var password)
                ? password.GetString()
                : secret;
        }
        catch (JsonException)
        {
            return secret; // a plain value that happens to start with a brace
        }
    }
}
