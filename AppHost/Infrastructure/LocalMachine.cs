using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>
/// The one place that looks at the machine before the app model is built: whether containers can run (when the mode is
/// <c>auto</c>) and whether every fixed port the stack binds is free. Building the model itself has no side effects.
/// </summary>
internal sealed record LocalMachine(InfraMode Mode)
{
    public static async Task<LocalMachine> InspectAsync(LocalStackSettings settings, CancellationToken ct)
    {
        var mode = settings.Mode == InfraMode.Auto
            ? await ContainerEngine.IsHealthyAsync(TimeSpan.FromSeconds(5), ct) ? InfraMode.Containers : InfraMode.Processes
            : settings.Mode;

        List<(int Port, string What, string Key)> ports = [(settings.CatalogPort, "the catalog UI", SettingKeys.LocalCatalogPort)];
        if (mode != InfraMode.Aws)
        {
            ports.Add((settings.WarehousePort, "the local warehouse", SettingKeys.RedshiftPort));
            ports.Add((settings.S3Port, "the local S3 emulator", SettingKeys.LocalS3Port));
        }

        if (settings.UsesSimulator)
        {
            ports.Add((settings.ApiPort, "the market-API simulator", SettingKeys.LocalApiPort));
        }

        ConfigurationException.ThrowIfAny(ports.Where(p => !PortGuard.IsFree(p.Port))
            .Select(p => $"Port {p.Port} on 127.0.0.1 ({p.What}) is already in use. Stop whatever listens there " +
                         $"(is another MarketAspire stack running?), or set {p.Key} to a free port in .env or the environment.")
            .ToList());
        return new LocalMachine(mode);
    }
}
