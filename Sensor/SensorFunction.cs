using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Sensor;

/// <summary>
/// The sensor on AWS: the same <see cref="FreshnessSensor"/>, one evaluation per invocation (an EventBridge schedule
/// invokes it), served through the Lambda Runtime API like the services. The warehouse's password is read at each
/// invocation through the secrets extension, so the host is started without it and the warehouse is reached only then.
/// </summary>
public static class SensorFunction
{
    public static async Task<int> ServeAsync(string api, Func<HostApplicationBuilder> newBuilder)
    {
        IHost host;
        try
        {
            host = Build(newBuilder());
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await LambdaRuntime.ReportInitErrorAsync(api, ex);
            return JobExitCodes.NotStarted;
        }

        using var _ = host;
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await host.StartValidatedAsync(stopping);
            return await LambdaRuntime.ServeAsync(host, api, new Dictionary<string, LambdaCommand>(), stopping,
                () => Build(newBuilder()), EvaluateAsync);
        }
        catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await LambdaRuntime.ReportInitErrorAsync(api, ex);
            return JobExitCodes.NotStarted;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static IHost Build(HostApplicationBuilder builder)
    {
        builder.AddSensorServices();
        return builder.Build();
    }

    /// <summary>The invocation's answer is the evaluation's report; a failed evaluation is the invocation's error (and the function's Errors metric).</summary>
    private static async Task<object> EvaluateAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<FreshnessSensor>().EvaluateAsync(ct);
}
