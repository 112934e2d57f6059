using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Orchestrator;

namespace MarketAspire.Tests.Orchestration;

public class OrchestratorCommandTests
{
    [Fact]
    public void Backfill_selects_an_asset_and_its_downstream()
    {
        var command = OrchestratorCommand.Parse(["backfill", "--from", "2026-09-01", "--to", "2026-11-26", "--asset", "stg_stock_prices", "--downstream", "--concurrency", "4"], MarketAssets.Graph, TimeProvider.System);
        Assert.Equal(("2026-09-01", "2026-11-26", 4, false), (command.From.Key, command.To.Key, command.Concurrency, command.Force));
        Assert.Equal(["stg_stock_prices", "fct_stock_prices"], command.Selection.Select(a => a.Name));
    }

    [Fact]
    public void Materialize_forces_one_partition()
    {
        var command = OrchestratorCommand.Parse(["materialize", "--partition", "2026-11-25", "--asset", "raw_stock_prices"], MarketAssets.Graph, TimeProvider.System);
        Assert.True(command.Force);
        Assert.Equal(command.From, command.To);
        Assert.Equal(["raw_stock_prices"], command.Selection.Select(a => a.Name));
    }

    [Fact]
    public void Materialize_checks_selects_the_checked_assets_and_forces_only_the_checks()
    {
        var command = OrchestratorCommand.Parse(["materialize", "--partition", "2026-11-25", "--checks"], MarketAssets.Graph, TimeProvider.System);
        Assert.Equal((false, true), (command.Force, command.ForceChecks));
        Assert.Equal(["fct_stock_prices"], command.Selection.Select(a => a.Name));
    }

    [Theory]
    [InlineData("unknown-verb")]
    [InlineData("backfill", "--from", "2026-11-30", "--to", "2026-11-01")]
    [InlineData("backfill", "--from", "yesterday")]
    [InlineData("materialize", "--partition", "2026-11-25")]
    [InlineData("backfill", "--asset", "nope")]
    public void Malformed_commands_are_explained(params string[] args)
    {
        var ex = Assert.Throws<ConfigurationException>(() => OrchestratorCommand.Parse(args, MarketAssets.Graph, TimeProvider.System));
        Assert.NotEmpty(ex.Message);
    }
}
