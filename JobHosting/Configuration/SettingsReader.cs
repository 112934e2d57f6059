using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Reads flat keys, collecting every problem (named by key) so that one message can list them all.</summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    public List<string> Problems { get; } = [];

    /// <summary>The trimmed value, or null when absent or blank.</summary>
    public string? Text(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Text(string key, string fallback) => Text(key) ?? fallback;

    public int Port(string key, int fallback)
    {
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, out var port) || port is < 1 or > 65535)
        {
            Problems.Add($"{key} must be a TCP port number from 1 to 65535, not '{configuration[key]}'.");
        }

        return port;
    }

    public int Number(string key, int fallback, int min) =>
        Text(key) is null ? fallback : Number(key, configuration[key], fallback, min, Problems);

    /// <summary>
    /// A whole number of at least <paramref name="min"/>, or <paramref name="fallback"/> when <paramref name="text"/> is
    /// absent; a malformed value is added to <paramref name="problems"/>, named by <paramref name="label"/>.
    /// </summary>
    public static int Number(string label, string? text, int fallback, int min, ICollection<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, out var value) || value < min)
        {
            problems.Add($"{label} must be a whole number of at least {min}, not '{text}'.");
        }

        return value;
    }

    public void ThrowIfAny() => ConfigurationException.ThrowIfAny(Problems);
}
