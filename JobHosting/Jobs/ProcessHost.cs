using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// The host builder of this repository's worker processes (the jobs, the Orchestrator and its per-service hosts, the
/// sensor): <c>Host.CreateApplicationBuilder</c>'s defaults without reloading <c>appsettings.json</c> on change. None of
/// them has an appsettings file, yet reloading makes the host watch its content root (the working directory) with a
/// recursive file watcher before <c>Main</c> goes on: seen 0.8-2 s on a loaded 2-core machine when that is the repo root
/// (where the dashboard's commands and the catalog start the Orchestrator) or a large temp folder.
/// </summary>
public static class ProcessHost
{
    /// <summary>The host default this turns off (an environment variable <c>DOTNET_hostBuilder__reloadConfigOnChange</c> still wins).</summary>
    public const string ReloadConfigOnChangeKey = "hostBuilder:reloadConfigOnChange";

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>(ReloadConfigOnChangeKey, "false")]);
        return Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, Configuration = configuration });
    }
}
