using Amazon.S3;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAspire.JobHosting.Lineage;

public static class LineageExtensions
{
    /// <summary>Registers the OpenLineage emitter with the transport <c>MARKET_OPENLINEAGE_TRANSPORT</c> names (none when off).</summary>
    public static IServiceCollection AddLineage(this IServiceCollection services)
    {
        services.AddValidatedSettings(LineageSettings.From);
        services.AddSingleton<LineageMetrics>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<LineageSettings>();
            ILineageTransport? transport = settings.Transport switch
            {
                LineageTransportKind.Http => new HttpLineageTransport(settings),
                LineageTransportKind.File => new LakeLineageTransport(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<LakeSettings>()),
                _ => null,
            };
            return new LineageEmitter(settings, transport, sp.GetRequiredService<LineageMetrics>(), sp.GetRequiredService<ILogger<LineageEmitter>>());
        });
        return services;
    }
}
