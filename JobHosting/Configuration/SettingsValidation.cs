using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.Options;

namespace MarketAspire.JobHosting.Configuration;

/// <summary>What stops a process before its work starts, as the one message it prints (exit code 2).</summary>
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
        return failures is null ? null : ConfigurationException.Of(failures);
    }

    /// <summary>
    /// A bad setting (read at first use or validated when a host starts) or an unreachable warehouse, as the exception
    /// whose message to print; null for anything else.
    /// </summary>
    public static Exception? StartupFailure(Exception exception) =>
        exception is ConfigurationException or WarehouseUnavailableException ? exception : Describe(exception);
}
