using Microsoft.Extensions.Options;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>Turns the options validation that failed at host start into one configuration error listing every problem.</summary>
public static class SettingsValidation
{
    /// <summary>The configuration error, or null when <paramref name="exception"/> is not a failed options validation.</summary>
    public static ConfigurationException? Describe(Exception exception)
    {
        var failures = exception switch
        {
            OptionsValidationException one => one.Failures.ToList(),
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
            _ => null,
        };
        return failures is null ? null : new ConfigurationException(ConfigurationException.Describe(failures));
    }
}
