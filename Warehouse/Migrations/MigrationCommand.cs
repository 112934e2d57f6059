using Amazon.S3;
using Amazon.S3.Util;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketAspire.Warehouse.Migrations;

public static class MigrationCommand
{
    public const string Verb = "migrate";

    /// <summary>
    /// Brings the warehouse schema up to date, creates the users whose passwords it was given and, against a local S3 emulator, makes sure the landing bucket exists
    /// (on AWS the deployment stack owns the bucket). Exit code 0 on success, 2 on bad configuration or no warehouse.
    /// </summary>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, ServiceModule module, AssetGraphDefinition graph)
    {
        using var host = builder.BuildJobHost(module, graph);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await host.StartValidatedAsync(lifetime.ApplicationStopping);
            await host.Services.GetRequiredService<Migrator>().MigrateAsync(lifetime.ApplicationStopping);

            // The users of the services (and the catalog) whose passwords this process was given, with their grants.
            await using (var connection = await host.Services.GetRequiredService<WarehouseDatabase>().OpenAsync(lifetime.ApplicationStopping))
            {
                await ServiceUsers.EnsureAsync(connection, graph, host.Services.GetRequiredService<IConfiguration>(), lifetime.ApplicationStopping);
            }

            var lake = host.Services.GetRequiredService<LakeSettings>();
            if (lake.Endpoint is not null)
            {
                var s3 = host.Services.GetRequiredService<IAmazonS3>();
                if (!await AmazonS3Util.DoesS3BucketExistV2Async(s3, lake.BucketName))
                {
                    await s3.PutBucketAsync(lake.BucketName, lifetime.ApplicationStopping);
                }
            }

            return JobExitCodes.Succeeded;
        }
        catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return JobExitCodes.NotStarted;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
