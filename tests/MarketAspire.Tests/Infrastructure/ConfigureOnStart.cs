using Microsoft.Extensions.Hosting;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>Lets a test reach into a job host's services once it starts (before the job runs).</summary>
internal sealed class ConfigureOnStart(IServiceProvider services, Action<IServiceProvider> configure) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        configure(services);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
