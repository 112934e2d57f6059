using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.Sensor.Alerts;
using MarketAspire.Sensor.Delivery;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Sensor;

/// <summary>The sensor's settings (keys in <see cref="SettingKeys"/>); every malformed value is named together.</summary>
public sealed record SensorSettings(
    TimeSpan Interval,
    int LookbackTradingDays,
    Uri? WebhookUrl,
    WebhookFormat WebhookFormat,
    SnsTopic? SnsTopic,
    int MaxAttempts,
    TimeSpan RetryDelay,
    int StormThreshold)
{
    /// <summary>How long a running run may go without a heartbeat before the sensor marks it abandoned: the jobs' threshold.</summary>
    public TimeSpan StaleAfter { get; init; } = RunHeartbeat.StaleAfter(new ConfigurationBuilder().Build());

    public static SensorSettings From(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        Uri? webhook = null;
        if (reader.Text(SettingKeys.AlertWebhookUrl) is { } text
            && (!Uri.TryCreate(text, UriKind.Absolute, out webhook) || webhook.Scheme is not ("http" or "https")))
        {
            // Never the value: it may be a secret.
            reader.Problems.Add($"{SettingKeys.AlertWebhookUrl} must be an absolute http or https URL.");
        }

        var format = WebhookFormat.Json;
        if (reader.Text(SettingKeys.AlertWebhookFormat) is { } formatText && !Enum.TryParse(formatText, ignoreCase: true, out format))
        {
            reader.Problems.Add($"{SettingKeys.AlertWebhookFormat} must be json or slack, not '{formatText}'.");
        }

        SnsTopic? topic = null;
        if (reader.Text(SettingKeys.AlertSnsTopicArn) is { } arn && (topic = SnsTopic.Parse(arn, reader.Text(SettingKeys.SnsEndpoint))) is null)
        {
            reader.Problems.Add($"{SettingKeys.AlertSnsTopicArn} must be an SNS topic's ARN (arn:aws:sns:REGION:ACCOUNT:NAME), not '{arn}'.");
        }

        var settings = new SensorSettings(
            TimeSpan.FromSeconds(reader.Number(SettingKeys.SensorIntervalSeconds, 300, 1)),
            FreshnessLookbackSetting.Read(reader),
            webhook,
            format,
            topic,
            reader.Number(SettingKeys.AlertMaxAttempts, 4, 1),
            TimeSpan.FromMilliseconds(reader.Number(SettingKeys.AlertRetryDelayMs, 2000, 0)),
            reader.Number(SettingKeys.AlertStormThreshold, 10, 1)) { StaleAfter = RunHeartbeat.StaleAfter(configuration) };
        reader.ThrowIfAny();
        return settings;
    }
}
