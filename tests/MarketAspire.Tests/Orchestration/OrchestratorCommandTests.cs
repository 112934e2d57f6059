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
        Assert.Equal(["stg_stock_prices", "fct_stock_prices", "curated_stock_prices"], command.Selection.Select(a => a.Name));
    }

    [Fact]
    public void Materialize_forces_one_partition()
    {
        var command = OrchestratorCommand.Parse(["materialize", "--partition", "2026-11-25", "--asset", "raw_stock_prices"], MarketAssets.Graph, TimeProvider.System);
        Assert.True(command.Force);
        Assert.Equal(1, command.Concurrency);
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

    [Fact]
    public void Every_option_of_a_command_is_read()
    {
        var command = OrchestratorCommand.Parse(
            ["backfill", "--from", "2026-11-02", "--to", "2026-11-06", "--force", "--calendar-days", "--yes"], MarketAssets.Graph, TimeProvider.System);

        Assert.Equal((true, true, true, 2), (command.Force, command.CalendarDays, command.Yes, command.Concurrency));
        Assert.Equal(5, command.Partitions.Count);
        Assert.Equal(MarketAssets.Graph.Assets.Select(a => a.Key), command.Selection);
    }

    [Theory]
    [InlineData("backfill --concurency 4", "Unrecognized command or argument '--concurency'.")]
    [InlineData("backfill --concurrency 0", "--concurrency must be a positive whole number.")]
    [InlineData("backfill --from yesterday", "--from 'yesterday' is not a date of the form YYYY-MM-DD.")]
    [InlineData("backfill --asset nope", "Argument 'nope' not recognized. Must be one of:")]
    [InlineData("status --from 2026-11-30 --to 2026-11-01", "--to 2026-11-01 is before --from 2026-11-30.")]
    [InlineData("materialize --partition 2026-11-25", "materialize needs --asset (one of raw_stock_prices, raw_corporate_actions, staged_stock_prices, stg_stock_prices, fct_stock_prices, fct_splits, fct_dividends, curated_stock_prices, raw_listing_status, dim_securities) or --checks.")]
    public void A_malformed_command_line_says_what_is_wrong(string line, string expected)
    {
        var ex = Assert.Throws<ConfigurationException>(() => OrchestratorCommand.Parse(line.Split(' '), MarketAssets.Graph, TimeProvider.System));
        Assert.StartsWith(expected, ex.Message);
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
