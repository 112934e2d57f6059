using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Stands for a <c>.env</c> file that could not be read, so that its error surfaces with the other settings.</summary>
internal sealed class DotEnvFileProblem;

public static class DotEnvHostingExtensions
{
    /// <summary>
    /// The settings of the repo's <c>.env</c> (below the environment variables); a file that cannot be read is reported
    /// when the host starts, like every other bad setting: one line, exit code 2. Call it before the service defaults,
    /// which read the telemetry settings.
    /// </summary>
    public static TBuilder AddDotEnvSettings<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        try
        {
            builder.Configuration.AddDotEnvFile();
        }
        catch (ConfigurationException ex)
        {
            builder.Services.AddValidatedSettings<DotEnvFileProblem>(_ => throw ex);
        }

        return builder;
    }
}
