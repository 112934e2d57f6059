using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>
/// Settings as options validated when the host starts, before any run is recorded; every problem of every settings type
/// is reported together (see <see cref="SettingsValidation"/>).
/// </summary>
/// <remarks>
/// The options are filled by the settings type's own reader rather than by the configuration binder: the keys are flat
/// environment names, defaults differ between the local stack and AWS, and the binder stops at the first malformed
/// value ("Failed to convert configuration value ...") where the readers name each key with what it must be.
/// </remarks>
public static class SettingsOptions
{
    public static IServiceCollection AddValidatedSettings<T>(this IServiceCollection services, Func<IConfiguration, T> read)
        where T : class
    {
        services.AddOptions<Read<T>>()
            .Configure<IConfiguration>((options, configuration) => options.From(configuration, read))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Read<T>>, Validation<T>>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Read<T>>>().Value is var read && read.Value is not null
            ? read.Value
            : throw ConfigurationException.Of(read.Problems));
        return services;
    }

    /// <summary>What the reader made of the configuration: the settings, or the problems it named.</summary>
    public sealed class Read<T>
        where T : class
    {
        public T? Value { get; private set; }

        public IReadOnlyList<string> Problems { get; private set; } = [];

        internal void From(IConfiguration configuration, Func<IConfiguration, T> read)
        {
            try
            {
                Value = read(configuration);
            }
            catch (ConfigurationException ex)
            {
                Problems = ex.Problems;
            }
        }
    }

    private sealed class Validation<T> : IValidateOptions<Read<T>>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, Read<T> options) =>
            options.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Problems);
    }
}
