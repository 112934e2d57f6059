using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.JobHosting.Lineage;

public enum LineageTransportKind
{
    Off,
    Http,
    File,
}

/// <summary>Where a job's OpenLineage events go: nowhere (the default), an HTTP endpoint, or JSON lines in the lake.</summary>
public sealed class LineageSettings
{
    public const string DefaultNamespace = "marketaspire";
    public const int DefaultTimeoutSeconds = 5;

    public LineageTransportKind Transport { get; init; }

    public Uri? Url { get; init; }

    public string? ApiKey { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>The endpoint without user information, path or query: what a log line may say about it.</summary>
    public string Destination => Url is null ? Transport.ToString().ToLowerInvariant() : $"{Url.Scheme}://{Url.Authority}";

    public static LineageSettings From(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var problems = reader.Problems;
        var transportText = reader.Text(SettingKeys.OpenLineageTransport);
        var transport = LineageTransportKind.Off;
        if (transportText is not null && (!Enum.TryParse(transportText, ignoreCase: true, out transport) || !Enum.IsDefined(transport)))
        {
            problems.Add($"{SettingKeys.OpenLineageTransport} must be 'off', 'http' or 'file', not '{transportText}'.");
        }

        Uri? url = null;
        var urlText = reader.Text(SettingKeys.OpenLineageUrl);
        if (transport == LineageTransportKind.Http)
        {
            // The URL may carry a token in its query: the messages name the key, never the value.
            if (urlText is null)
            {
                problems.Add($"{SettingKeys.OpenLineageUrl} is required when {SettingKeys.OpenLineageTransport} is http (e.g. http://localhost:5000/api/v1/lineage).");
            }
            else if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"{SettingKeys.OpenLineageUrl} must be an absolute http or https URL.");
            }
        }

        var timeout = reader.Number(SettingKeys.OpenLineageTimeout, DefaultTimeoutSeconds, 1);
        var jobNamespace = reader.Text(SettingKeys.OpenLineageNamespace, DefaultNamespace);
        reader.ThrowIfAny();
        return new LineageSettings
        {
            Transport = transport,
            Url = transport == LineageTransportKind.Http ? url : null,
            ApiKey = reader.Text(SettingKeys.OpenLineageApiKey),
            Timeout = TimeSpan.FromSeconds(timeout),
            Namespace = jobNamespace,
        };
    }
}
