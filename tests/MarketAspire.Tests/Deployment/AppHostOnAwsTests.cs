using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.EndToEnd;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Deployment;

/// <summary>
/// <c>MARKET_LOCAL_INFRA=aws</c>: the AppHost against the endpoints in .env (the seed's own case: an existing Redshift,
/// a bucket, a COPY role), with no local warehouse or S3 in the model, each process on its AWS code paths.
/// </summary>
public class AppHostOnAwsTests(SharedServers servers)
{
    private const string Password = "the-warehouse-password-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] SeedEnv =
    [
        "MARKET_LOCAL_INFRA=aws",
        "REDSHIFT_HOST=cluster.abc.us-east-1.redshift.amazonaws.com",
        "REDSHIFT_PORT=5439",
        "REDSHIFT_DB=dev",
        "REDSHIFT_USER=awsuser",
        $"REDSHIFT_PASSWORD={Password}",
        "REDSHIFT_IAM_ROLE_ARN=arn:aws:iam::123456789012:role/marketaspire-copy",
        "S3_BUCKET_NAME=marketaspire-lake-123456789012-us-east-1",
        "AWS_REGION=us-east-1",
    ];

    [Fact]
    public async Task No_local_infrastructure_runs_and_every_process_gets_the_configured_endpoints_on_its_AWS_paths()
    {
        using var stack = new LocalStackArgs("2026-11-25", SeedEnv);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource || (r is ExecutableResource e && e.Command != "dotnet")); // dotnet: Aspire's project rebuilders
        Assert.DoesNotContain(builder.Resources, r => r.Name is "warehouse-db" or "s3");
        string[] processes = [.. MarketAssets.Graph.ServicesInOrder.Select(s => s.Name), "warehouse-migrate", "catalog"];
        foreach (var name in processes)
        {
            var resource = builder.Resources.Single(r => r.Name == name);
            var environment = (await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
                .BuildAsync(builder.ExecutionContext, NullLogger.Instance, Ct)).EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal("aws", environment[SettingKeys.Deployment]);
            Assert.Equal("redshift", environment[SettingKeys.WarehouseDialect]);
            Assert.Equal("cluster.abc.us-east-1.redshift.amazonaws.com", environment[SettingKeys.RedshiftHost]);
            if (name == "catalog")
            {
                // The catalog holds no owner secret: its runs read the password from the AppHost's run settings file.
                Assert.False(environment.ContainsKey(SettingKeys.RedshiftPassword), "the catalog holds the owner password");
                Assert.Contains(Password, File.ReadAllText(environment[SettingKeys.CatalogRunSettings]));
                Catalog.CatalogRunSettings.Remove(environment);
            }
            else
            {
                Assert.Equal(Password, environment[SettingKeys.RedshiftPassword]);
            }

            Assert.Equal("arn:aws:iam::123456789012:role/marketaspire-copy", environment[SettingKeys.RedshiftIamRoleArn]);
            Assert.Equal("marketaspire-lake-123456789012-us-east-1", environment[SettingKeys.BucketName]);
            Assert.False(environment.ContainsKey(SettingKeys.S3Endpoint), $"{name} is pointed at an S3 endpoint: real S3 is the SDK's default");
            Assert.DoesNotContain(resource.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name is "warehouse-db" or "s3");
        }

        Assert.True(builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "warehouse-password").Secret);
    }

    /// <summary>
    /// The local PostgreSQL and S3 emulator stand in for the cluster and the bucket (the PostgreSQL dialect, as Redshift
    /// cannot run here; the S3 endpoint as a stand-in's address): the same model starts, and every job finishes on the
    /// AWS code paths, reading the endpoints only from the configuration.
    /// </summary>
    [Fact]
    public async Task Pointed_at_stand_ins_the_jobs_run_the_partition_to_the_end()
    {
        var standIns = await servers.IsolatedEnvironmentAsync(Ct);
        using var stack = new LocalStackArgs("2026-11-25",
        [
            "MARKET_LOCAL_INFRA=aws", "WAREHOUSE_DIALECT=postgres", "AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=stand-in", "AWS_SECRET_ACCESS_KEY=stand-in",
            .. standIns.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}"),
        ]);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
        await using var app = await builder.BuildAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);

        var last = await app.ResourceNotifications.WaitForResourceAsync(
            MarketAssets.Graph.ServicesInOrder[^1].Name, e => e.Snapshot.State?.Text is "Finished" or "FailedToStart" or "Exited", timeout.Token);

        Assert.Equal((KnownResourceStates.Finished, 0), (last.Snapshot.State?.Text, last.Snapshot.ExitCode));
        var runs = await JobHarness.RunsAsync(standIns, Ct);
        Assert.Equal(MarketAssets.Graph.ServicesInOrder.Select(s => (s.Name, "2026-11-25", "succeeded")).ToHashSet(), runs.Select(r => (r.Job, r.Partitions, r.Status)).ToHashSet());
    }

    [Fact]
    public void Missing_or_malformed_keys_are_refused_one_line_each_naming_the_key_and_never_a_secret()
    {
        var builder = DistributedApplication.CreateBuilder(
            ["REDSHIFT_PORT=54x", "REDSHIFT_IAM_ROLE_ARN=marketaspire-copy", "S3_BUCKET_NAME=Not_A_Bucket", "REDSHIFT_PASSWORD=" + Password]);

        var error = Assert.Throws<ConfigurationException>(() => AwsInfrastructure.Add(builder));

        Assert.Equal(7, error.Problems.Count);
        foreach (var key in new[] { "REDSHIFT_HOST", "REDSHIFT_PORT", "REDSHIFT_DB", "REDSHIFT_USER", "REDSHIFT_IAM_ROLE_ARN", "S3_BUCKET_NAME", "AWS_REGION" })
        {
            Assert.Single(error.Problems, p => p.StartsWith(key + " ", StringComparison.Ordinal));
        }

        Assert.Contains("REDSHIFT_HOST is required when running against AWS (MARKET_LOCAL_INFRA is aws).", error.Problems);
        Assert.All(error.Problems, p => Assert.DoesNotContain('\n', p));
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }
}
