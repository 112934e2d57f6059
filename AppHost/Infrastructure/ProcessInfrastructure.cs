using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>
/// The local stack without a container engine: PostgreSQL from the machine's installation and the fauxqs S3 emulator
/// from npm, each an executable resource bound to 127.0.0.1. The app model then holds no container resource.
/// </summary>
internal static class ProcessInfrastructure
{
    public static LocalInfrastructure Add(IDistributedApplicationBuilder builder, LocalStackSettings settings)
    {
        var password = builder.AddParameter("warehouse-password", settings.Password, secret: true);
        var scripts = Path.Combine(settings.RepoRoot, "scripts");
        var dataDirectory = Path.Combine(settings.StateDirectory, "warehouse");

        builder.Services.AddHealthChecks()
            .AddAsyncCheck("warehouse-db-ready", ct => ReadinessChecks.WarehouseAsync(settings, ct))
            .AddAsyncCheck("s3-ready", async ct =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                return await ReadinessChecks.S3Async(http, settings, ct);
            });

        var warehouse = builder.AddExecutable("warehouse-db", "bash", settings.RepoRoot,
                Path.Combine(scripts, "run-postgres.sh"), dataDirectory, settings.WarehousePort.ToString())
            .WithEnvironment(SettingKeys.RedshiftUser, settings.User)
            .WithEnvironment(SettingKeys.RedshiftDb, settings.Database)
            .WithEnvironment(SettingKeys.RedshiftPassword, password)
            .WithHealthCheck("warehouse-db-ready");

        var s3 = builder.AddExecutable("s3", "bash", settings.RepoRoot,
                Path.Combine(scripts, "run-s3-emulator.sh"), settings.S3Port.ToString())
            .WithEnvironment(SettingKeys.BucketName, settings.BucketName)
            .WithHealthCheck("s3-ready");

        return new LocalInfrastructure(settings, warehouse, s3, password);
    }
}
