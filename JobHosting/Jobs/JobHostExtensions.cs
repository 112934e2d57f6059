using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MarketAspire.JobHosting.Jobs;

public static class JobHostExtensions
{
    /// <summary>Registers the warehouse connection and the <c>market_meta</c> records every job writes.</summary>
    public static IServiceCollection AddWarehouseDatabase(this IServiceCollection services, string applicationName)
    {
        services.AddSingleton(sp => WarehouseSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new WarehouseDatabase(sp.GetRequiredService<WarehouseSettings>(), applicationName));
        services.AddSingleton(sp =>
        {
            var db = sp.GetRequiredService<WarehouseDatabase>();
            return new MetaStore(db.DataSource, db.Dialect);
        });
        services.AddValidatedSettings(LakeSettings.From);
        services.AddSingleton(sp => Lake.LakeClientFactory.Create(sp.GetRequiredService<LakeSettings>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddLineage();
        return services;
    }

    /// <summary>
    /// Starts the host after checking its settings (<c>ValidateOnStart</c>) first: a bad setting then reaches the caller,
    /// which prints it as one line, without the host logging "Hosting failed to start" with a stack trace before it.
    /// </summary>
    public static async Task StartValidatedAsync(this IHost host, CancellationToken ct)
    {
        host.Services.GetService<IStartupValidator>()?.Validate();
        await host.StartAsync(ct);
    }

    /// <summary>Builds a host whose <see cref="JobRunner"/> runs the module's job (the orchestrator keeps one per service).</summary>
    public static IHost BuildJobHost(this IHostApplicationBuilder builder, ServiceModule module, AssetGraphDefinition graph)
    {
        module.AddTo(builder, graph);
        return ((HostApplicationBuilder)builder).Build();
    }

    /// <summary>
    /// Builds the host, runs the job once for its partition, stops the host (flushing telemetry) and returns the exit code:
    /// 0 when all its work succeeded, 1 when any failed, 2 when it could not start (the message names the setting or host).
    /// </summary>
    /// <remarks>
    /// Under Lambda (<c>AWS_LAMBDA_RUNTIME_API</c> set) it serves invocations instead (see <see cref="LambdaRuntime"/>),
    /// including the module's commands an event can name; a failed start is reported as an INIT error.
    /// </remarks>
    /// <param name="newBuilder">Makes another builder like <paramref name="builder"/>: on Lambda, a host is rebuilt with it when a secret changes.</param>
    public static async Task<int> RunJobAsync(this IHostApplicationBuilder builder, ServiceModule module, AssetGraphDefinition graph, Func<IHostApplicationBuilder>? newBuilder = null)
    {
        IHost host;
        try
        {
            host = builder.BuildJobHost(module, graph);
        }
        catch (Exception ex) when (LambdaRuntime.Api is { } initApi)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await LambdaRuntime.ReportInitErrorAsync(initApi, ex);
            return JobExitCodes.NotStarted;
        }

        using var _ = host;
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await host.StartValidatedAsync(lifetime.ApplicationStopping);
            if (LambdaRuntime.Api is { } api)
            {
                return await LambdaRuntime.ServeAsync(host, api, module.Commands, lifetime.ApplicationStopping,
                    newBuilder is null ? null : () => newBuilder().BuildJobHost(module, graph));
            }

            return await host.Services.GetRequiredService<JobRunner>().RunAsync(lifetime.ApplicationStopping);
        }
        catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            if (LambdaRuntime.Api is { } failedApi)
            {
                await LambdaRuntime.ReportInitErrorAsync(failedApi, ex);
            }

            return JobExitCodes.NotStarted;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Stopped before the job finished.");
            return JobExitCodes.Failed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
