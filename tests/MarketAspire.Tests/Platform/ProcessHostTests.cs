using MarketAspire.JobHosting.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.Tests.Platform;

/// <summary>A worker process's host reads the usual appsettings files but does not watch its working directory for them.</summary>
public class ProcessHostTests
{
    private static List<JsonConfigurationSource> AppSettings(IConfigurationBuilder configuration) =>
        configuration.Sources.OfType<JsonConfigurationSource>().ToList();

    [Fact]
    public void A_worker_host_reads_appsettings_without_a_file_watcher_that_the_default_host_sets_up()
    {
        var builder = ProcessHost.CreateBuilder([]);
        var usual = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });

        Assert.Equal(AppSettings(usual.Configuration).Select(s => s.Path), AppSettings(builder.Configuration).Select(s => s.Path));
        Assert.All(AppSettings(usual.Configuration), s => Assert.True(s.ReloadOnChange));
        Assert.All(AppSettings(builder.Configuration), s => Assert.False(s.ReloadOnChange));
        Assert.NotEmpty(AppSettings(builder.Configuration));
    }
}
