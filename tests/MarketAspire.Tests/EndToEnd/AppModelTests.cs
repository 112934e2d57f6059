using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>The AppHost's model, built but not started: job resources and their order come from the asset graph.</summary>
public class AppModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Job_resources_and_their_order_are_derived_from_the_asset_graph()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        foreach (var service in MarketAssets.Graph.ServicesInOrder)
        {
            var resource = Assert.Single(builder.Resources, r => r.Name == service.Name);
            var completions = resource.Annotations.OfType<WaitAnnotation>()
                .Where(w => w.WaitType == WaitType.WaitForCompletion)
                .Select(w => w.Resource.Name)
                .ToHashSet();
            var expected = MarketAssets.Graph.UpstreamServices(service.Name).Select(s => s.Name).Append("warehouse-migrate").ToHashSet();
            Assert.Equal(expected, completions);
            Assert.True(resource.TryGetAnnotationsOfType<CommandLineArgsCallbackAnnotation>(out _));
        }
    }

    [Fact]
    public async Task Every_dotnet_process_of_the_stack_is_started_as_its_built_binary_not_through_dotnet_run()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        var processes = builder.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(
            MarketAssets.Graph.ServicesInOrder.Select(s => s.Name).Concat(["warehouse-migrate", "sensor", "market-api", "status", "backfill", "catalog"]).Order(),
            processes.Select(p => p.Name).Order());
        foreach (var process in processes)
        {
            var project = process.GetProjectMetadata().ProjectPath;
            var binary = BuildOutput.Binary(project);

            var launch = Assert.Single(process.Annotations.OfType<ExecutableAnnotation>());
            Assert.Equal((binary, Path.GetDirectoryName(project)), (launch.Command, launch.WorkingDirectory));
            Assert.True(File.Exists(binary), binary);
        }
    }

    [Fact]
    public async Task The_sensor_is_a_long_running_resource_after_the_migration_that_no_job_waits_for()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        var sensor = Assert.Single(builder.Resources.OfType<ProjectResource>(), r => r.Name == "sensor");
        Assert.Equal(["warehouse-migrate"], sensor.Annotations.OfType<WaitAnnotation>()
            .Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name));
        Assert.DoesNotContain(builder.Resources, r => r.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == sensor));
    }

    [Fact]
    public async Task Process_mode_holds_no_container_resource()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource);
        Assert.Contains(builder.Resources, r => r is ExecutableResource && r.Name == "warehouse-db");
        Assert.Contains(builder.Resources, r => r is ExecutableResource && r.Name == "s3");
    }

    [Theory]
    [InlineData("processes")]
    [InlineData("containers")]
    public async Task Every_endpoint_of_the_stack_is_bound_to_loopback(string infrastructure)
    {
        using var stack = new LocalStackArgs("2026-11-25", $"MARKET_LOCAL_INFRA={infrastructure}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        var endpoints = builder.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Select(e => (r.Name, e.Name, e.TargetHost))).ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(e.TargetHost is "localhost" or "127.0.0.1", $"{e.Item1}/{e.Item2} binds {e.TargetHost}"));
    }

    [Fact]
    public async Task The_catalog_listens_on_its_fixed_port_and_waits_for_the_migration_that_creates_its_user()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);

        var catalog = Assert.Single(builder.Resources.OfType<ProjectResource>(), r => r.Name == "catalog");
        var endpoint = Assert.Single(catalog.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal((stack.CatalogPort, false), (endpoint.Port, endpoint.IsProxied));
        Assert.Equal(["warehouse-migrate"], catalog.Annotations.OfType<WaitAnnotation>()
            .Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name));

        // Both the catalog and the migration get the catalog's password, from one secret parameter.
        var password = Assert.Single(builder.Resources.OfType<ParameterResource>(), p => p.Name == "catalog-db-password");
        Assert.True(password.Secret);
        foreach (var name in new[] { "catalog", "warehouse-migrate" })
        {
            var resource = builder.Resources.Single(r => r.Name == name);
            var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
                .BuildAsync(builder.ExecutionContext, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Ct);
            Catalog.CatalogRunSettings.Remove(configuration.EnvironmentVariables);
            Assert.Equal("marketaspire-catalog-local", configuration.EnvironmentVariables.Single(kv => kv.Key == "MARKET_DB_PASSWORD_CATALOG").Value);
        }
    }
}
