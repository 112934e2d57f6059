using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog;
using MarketAspire.Catalog.Actions;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Catalog;

/// <summary>An action runs the Orchestrator as a child process, keeps its output, and always ends.</summary>
public class ActionRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_action_whose_Orchestrator_fails_ends_with_its_exit_code_and_output_and_frees_its_partitions()
    {
        var project = Path.Combine(Directory.CreateTempSubdirectory("marketaspire-action-").FullName, "Orchestrator.csproj");
        await File.WriteAllTextAsync(project, "this is not a project file", Ct);
        var settings = new CatalogSettings
        {
            Reader = new WarehouseSettings { Host = "127.0.0.1", Port = 1, Database = "dev", User = "u", Password = "p", Dialect = WarehouseDialect.Postgres },
            OrchestratorProject = project,
        };
        var runner = new ActionRunner(settings, TimeProvider.System, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<ActionRunner>.Instance);
        var (from, to) = (DailyPartition.Parse("2026-11-20"), DailyPartition.Parse("2026-11-24"));

        var action = runner.Start("Backfill", from, to, ["backfill", "--from", from.Key, "--to", to.Key]);
        Assert.True(runner.IsBusy(DailyPartition.Parse("2026-11-23")));
        Assert.False(runner.IsBusy(DailyPartition.Parse("2026-11-25")));
        Assert.Same(action, runner.Find(action.Id));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (!action.Finished)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.NotEqual(0, action.ExitCode);
        var output = action.LinesFrom(0);
        Assert.Contains(output, line => line.Contains("Orchestrator.csproj", StringComparison.Ordinal));
        Assert.Equal(output.Skip(1), action.LinesFrom(1));
        Assert.Empty(action.LinesFrom(output.Count));
        Assert.False(runner.IsBusy(DailyPartition.Parse("2026-11-23")));
        Assert.Null(runner.Find("no-such-action"));
        Assert.True(runner.Enabled);
    }
}
