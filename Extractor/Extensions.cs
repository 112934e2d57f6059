using MarketAspire.AssetGraph.Graph;
using MarketAspire.Extractor.Assets;
using MarketAspire.Extractor.Landing;
using MarketAspire.JobHosting.Assets;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MarketAspire.Extractor;

public static class Extensions
{
    public static IHostApplicationBuilder AddExtractorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWarehouseDatabase(MarketAssets.Extractor);
        services.AddSingleton(sp => MarketApiSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new SecretRedactor(sp.GetRequiredService<MarketApiSettings>().ApiKey));
        services.AddSingleton<ExtractionRateLimits>();
        services.AddSingleton<ExtractorMetrics>();
        services.AddSingleton<RawLanding>();
        services.AddSingleton<ApiRequestLoop>();
        services.AddSingleton<RawPriceExtractor>();
        services.AddSingleton<CorporateActionsExtractor>();
        services.AddSingleton<ListingStatusExtractor>();
        services.AddSingleton<ListedSymbols>();
        services.AddScoped<StopSignal>();
        services.AddAsset<RawStockPricesAsset>();
        services.AddAsset<RawCorporateActionsAsset>();
        services.AddAsset<RawListingStatusAsset>();

        // This client gets its own pipeline instead of the standard one from ServiceDefaults.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the default handler.
        services.AddHttpClient<AlphaVantageClient>()
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddResilienceHandler("alpha-vantage", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<MarketApiSettings>();
                var limits = context.ServiceProvider.GetRequiredService<ExtractionRateLimits>();

                // Outermost to innermost. The permits sit inside the retries, so every attempt counts against the
                // limits; they sit outside the attempt timeout, so waiting for a permit never times an attempt out
                // (the total timeout does include that wait).
                pipeline
                    .AddTimeout(settings.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 4,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = settings.RetryBaseDelay,
                        MaxDelay = TimeSpan.FromSeconds(30),
                        ShouldRetryAfterHeader = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 10,
                        SamplingDuration = TimeSpan.FromSeconds(60),
                        BreakDuration = TimeSpan.FromSeconds(15),
                    })
                    .AddRateLimiter(RequestPermits.Options(limits))
                    .AddTimeout(settings.AttemptTimeout);
            });
        return builder;
    }
}
