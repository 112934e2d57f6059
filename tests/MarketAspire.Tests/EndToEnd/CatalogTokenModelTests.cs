using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>The AppHost's model, built but not started: the catalog's per-launch access token and where it goes.</summary>
public class CatalogTokenModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalog_gets_a_random_token_its_dashboard_link_carries_it_and_no_other_resource_sees_it()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
        var catalog = builder.Resources.Single(r => r.Name == "catalog");

        var token = await TokenOfAsync(builder, catalog);
        Assert.Matches("^[0-9a-f]{64}$", token);

        // What the dashboard shows: the tokenized link only, not the endpoint's bare address.
        var urls = new List<ResourceUrlAnnotation> { new() { Url = $"http://localhost:{stack.CatalogPort}", Endpoint = new EndpointReference((IResourceWithEndpoints)catalog, "http") } };
        var context = new ResourceUrlsCallbackContext(builder.ExecutionContext, catalog, urls, Ct);
        foreach (var callback in catalog.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var link = Assert.Single(urls);
        Assert.Equal(($"http://127.0.0.1:{stack.CatalogPort}/?token={token}", "Asset catalog"), (link.Url, link.DisplayText));

        foreach (var other in builder.Resources.OfType<IResourceWithEnvironment>().Where(r => r != catalog))
        {
            var configuration = await ExecutionConfigurationBuilder.Create(other).WithEnvironmentVariablesConfig().WithArgumentsConfig()
                .BuildAsync(builder.ExecutionContext, NullLogger.Instance, Ct);
            Assert.DoesNotContain(configuration.EnvironmentVariables, kv => kv.Key == "MARKET_CATALOG_TOKEN" || kv.Value.Contains(token, StringComparison.Ordinal));
            Assert.DoesNotContain(configuration.Arguments, a => a.Value.Contains(token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Two_launches_get_different_tokens()
    {
        using var stack = new LocalStackArgs("2026-11-25");
        var tokens = new List<string>();
        for (var launch = 0; launch < 2; launch++)
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(stack.Args, Ct);
            tokens.Add(await TokenOfAsync(builder, builder.Resources.Single(r => r.Name == "catalog")));
        }

        Assert.NotEqual(tokens[0], tokens[1]);
    }

    private static async Task<string> TokenOfAsync(IDistributedApplicationTestingBuilder builder, IResource catalog)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(catalog).WithEnvironmentVariablesConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, Ct);
        Catalog.CatalogRunSettings.Remove(configuration.EnvironmentVariables);
        return configuration.EnvironmentVariables.Single(kv => kv.Key == "MARKET_CATALOG_TOKEN").Value;
    }
}
