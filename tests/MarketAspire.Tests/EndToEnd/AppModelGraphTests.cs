using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MarketAspire.AppHost;
using MarketAspire.AppHost.Infrastructure;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>The AppHost's jobs come from whatever graph it is given: one more service is one more project resource in its place.</summary>
public class AppModelGraphTests
{
    private static (IDistributedApplicationBuilder Builder, LocalInfrastructure Infrastructure) Model()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var settings = LocalStackSettings.From(builder.Configuration, Path.Combine(RepoPaths.Root, "AppHost"));
        var infrastructure = new LocalInfrastructure(settings,
            builder.AddExecutable("warehouse-db", "true", "."), builder.AddExecutable("s3", "true", "."),
            builder.AddParameter("warehouse-password", "local", secret: true));
        return (builder, infrastructure);
    }

    private static HashSet<string> Completions(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name).ToHashSet();

    [Fact]
    public void A_graph_with_one_more_service_and_check_gets_one_more_job_in_graph_order()
    {
        var (builder, infrastructure) = Model();

        // The new service's code would be a project of its own; any project the AppHost references stands in for it here.
        var jobs = builder.AddServiceResources(OneMoreAsset.GraphWithProject("Quality"), infrastructure, "2026-11-25", (_, job) => infrastructure.Wire(job));

        Assert.Equal(["extractor", "warehouse", "analytics", "quality"], jobs.Keys);
        Assert.IsType<ProjectResource>(jobs["analytics"].Resource);
        Assert.Equal(["warehouse", "warehouse-migrate"], Completions(jobs["analytics"].Resource).Order());
        Assert.Equal(["analytics", "warehouse", "warehouse-migrate"], Completions(jobs["quality"].Resource).Order()); // it checks daily_returns now
    }

    [Fact]
    public void A_service_whose_project_the_AppHost_does_not_reference_is_named()
    {
        var (builder, infrastructure) = Model();

        var error = Assert.Throws<ConfigurationException>(() =>
            builder.AddServiceResources(OneMoreAsset.Graph, infrastructure, "2026-11-25", (_, job) => infrastructure.Wire(job)));

        Assert.Equal(
            "The AppHost does not reference the Analytics project that the asset graph names: add <ProjectReference Include=\"..\\Analytics\\Analytics.csproj\" /> to AppHost/AppHost.csproj.",
            error.Message);
    }
}
