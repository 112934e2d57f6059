using CliWrap;
using CliWrap.Buffered;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Deployment;

/// <summary>
/// The bundles the CDK app packages and the tests run are the graph's services and the other deployed functions (the
/// sensor): <c>scripts/publish-lambdas.sh</c> reads them from their definitions instead of listing them again.
/// </summary>
public class PublishListTests
{
    [Fact]
    public async Task The_publish_script_publishes_every_service_of_the_graph_and_the_sensor_and_nothing_else()
    {
        var listed = await Cli.Wrap("bash")
            .WithArguments([Path.Combine(RepoPaths.Scripts, "publish-lambdas.sh"), "--list"])
            .WithWorkingDirectory(RepoPaths.Root)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            MarketAssets.Graph.ServicesInOrder.Select(s => s.Project).Append("Sensor").Order(StringComparer.Ordinal),
            listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }
}
