using MarketAspire.AppHost.Infrastructure;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost;

internal static class Extensions
{
    /// <summary>Containers or processes, as <see cref="LocalMachine.InspectAsync"/> decided, or none at all (AWS's endpoints).</summary>
    public static IStackInfrastructure AddInfrastructure(this IDistributedApplicationBuilder builder, LocalStackSettings settings, LocalMachine machine) =>
        machine.Mode switch
        {
            InfraMode.Aws => AwsInfrastructure.Add(builder),
            InfraMode.Containers => ContainerInfrastructure.Add(builder, settings),
            _ => ProcessInfrastructure.Add(builder, settings),
        };

    /// <summary>
    /// The market API: Alpha Vantage when a key is configured; otherwise the local simulator (resource <c>market-api</c>),
    /// which speaks Alpha Vantage's format and can inject its failures (<c>MARKET_SIMULATOR_FAULTS</c>).
    /// </summary>
    public static MarketApi AddMarketApi(this IDistributedApplicationBuilder builder, LocalStackSettings settings)
    {
        var key = settings.MarketApiKey is null ? null : builder.AddParameter("market-api-key", settings.MarketApiKey, secret: true);
        if (!settings.UsesSimulator)
        {
            return new MarketApi(null, key);
        }

        var simulator = builder.AddProjectResource("market-api", "MarketApiSimulator")
            .WithArgs("--urls", $"http://127.0.0.1:{settings.ApiPort}")
            .WithHttpEndpoint(port: settings.ApiPort, targetPort: settings.ApiPort, isProxied: false)
            .WithHttpHealthCheck("/health");
        if (settings.TimeTravel)
        {
            simulator.WithEnvironment("Simulator__TimeTravel", "true");
        }
        foreach (var fault in (settings.SimulatorFaults ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = fault.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new ConfigurationException($"Configuration error: {SettingKeys.SimulatorFaults} entries look like SYMBOL=fault (e.g. MSFT=negative-price), not '{fault}'.");
            }

            simulator.WithEnvironment($"Simulator__Faults__{parts[0]}", parts[1]);
        }

        return new MarketApi(simulator, key);
    }

    public static IResourceBuilder<ProjectResource> WithMarketApi(
        this IResourceBuilder<ProjectResource> job, MarketApi api, LocalStackSettings settings)
    {
        if (api.Key is not null)
        {
            job.WithEnvironment(SettingKeys.MarketApiKey, api.Key);
        }

        if (settings.MarketApiBaseUrl is not null)
        {
            job.WithEnvironment(SettingKeys.MarketApiBaseUrl, settings.MarketApiBaseUrl);
        }
        else if (api.Simulator is not null)
        {
            job.WithEnvironment(SettingKeys.MarketApiBaseUrl, "http://127.0.0.1:" + settings.ApiPort).WaitFor(api.Simulator);
            if (settings.TimeTravel)
            {
                job.WithEnvironment(SettingKeys.MarketApiTimeTravel, "true");
            }
        }

        return job;
    }

    public static IResourceBuilder<ProjectResource> WithSymbols(this IResourceBuilder<ProjectResource> job, LocalStackSettings settings) =>
        settings.Symbols is null ? job : job.WithEnvironment(SettingKeys.MarketSymbols, settings.Symbols);
}

/// <summary>The market API of the stack: the simulator (when no key or address is configured) and the key as a secret parameter.</summary>
internal sealed record MarketApi(IResourceBuilder<ProjectResource>? Simulator, IResourceBuilder<ParameterResource>? Key);
