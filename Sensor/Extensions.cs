using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Sensor.Delivery;
using MarketAspire.Sensor.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarketAspire.Sensor;

public static class Extensions
{
    /// <summary>
    /// The sensor, its records and its destinations: a webhook when <see cref="SettingKeys.AlertWebhookUrl"/> is set, an
    /// SNS topic when <see cref="SettingKeys.AlertSnsTopicArn"/> is (signed with the credentials of the SDK's default chain:
    /// the function's role on Lambda).
    /// </summary>
    public static IHostApplicationBuilder AddSensorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedSettings(SensorSettings.From);
        services.TryAddSingleton(MarketAssets.Graph);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => WarehouseSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new WarehouseDatabase(sp.GetRequiredService<WarehouseSettings>(), "sensor"));
        services.AddSingleton(sp => new MetaStore(sp.GetRequiredService<WarehouseDatabase>().DataSource, sp.GetRequiredService<WarehouseDatabase>().Dialect));
        services.AddSingleton(sp => new OperationsStore(sp.GetRequiredService<WarehouseDatabase>().DataSource, sp.GetRequiredService<WarehouseDatabase>().Dialect));
        services.AddSingleton(sp => SecretText.Of(sp.GetRequiredService<SensorSettings>()));
        services.TryAddSingleton<Func<CancellationToken, Task<Amazon.Runtime.ImmutableCredentials>>>(_ => DefaultCredentialsAsync);
        services.AddSingleton<IEnumerable<IAlertDestination>>(sp => Destinations(
            sp.GetRequiredService<SensorSettings>(), sp.GetRequiredService<Func<CancellationToken, Task<Amazon.Runtime.ImmutableCredentials>>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AlertDelivery>();
        services.AddSingleton<FreshnessSensor>();
        services.AddWebhookTraceExclusion();
        return builder;
    }

    private static async Task<Amazon.Runtime.ImmutableCredentials> DefaultCredentialsAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return await Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentialsAsync();
    }

    private static List<IAlertDestination> Destinations(
        SensorSettings settings, Func<CancellationToken, Task<Amazon.Runtime.ImmutableCredentials>> credentials, TimeProvider time)
    {
        var destinations = new List<IAlertDestination>();
        if (settings.WebhookUrl is { } url)
        {
            // A plain client: the factory's logging handler would log the URL, which may hold the webhook's secret.
            destinations.Add(new WebhookDestination(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, url, settings.WebhookFormat));
        }

        if (settings.SnsTopic is { } topic)
        {
            destinations.Add(new SnsDestination(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, topic, credentials, time));
        }

        return destinations;
    }
}
