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
    public static async Task LoadAsync(IConfigurationBuilder configuration, IConfiguration current, CancellationToken ct)
    {
        const string Suffix = "_SECRET_ARN";
        var wanted = current.AsEnumerable()
            .Where(kv => kv.Key.EndsWith(Suffix, StringComparison.Ordinal) && !kv.Key.Contains(':', StringComparison.Ordinal) && !string.IsNullOrEmpty(kv.Value))
            .Select(kv => kv.Key[..^Suffix.Length])
            .Where(k => string.IsNullOrEmpty(current[k]))
            .Distinct()
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var port = current["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] is { Length: > 0 } p ? p : "2773";
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Aws-Parameters-Secrets-Token", current["AWS_SESSION_TOKEN"] ?? "");
        var values = new Dictionary<string, string?>();
        foreach (var key in wanted)
        {
            var arn = current[key + "_SECRET_ARN"]!;
            using var response = await http.GetAsync(new Uri($"secretsmanager/get?secretId={Uri.EscapeDataString(arn)}", UriKind.Relative), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConfigurationException($"Configuration error: {key}_SECRET_ARN could not be read through the Secrets extension (HTTP {(int)response.StatusCode}).");
            }

            var secret = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("SecretString").GetString() ?? "";
            values[key] = secret.TrimStart().StartsWith('{') && JsonDocument.Parse(secret).RootElement.TryGetProperty("password", out var password)
                ? password.GetString()
                : secret;
        }

        configuration.AddInMemoryCollection(values);
    }
}
