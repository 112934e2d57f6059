using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog;
using MarketAspire.Catalog.Actions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace MarketAspire.Tests.Catalog;

/// <summary>An action runs the Orchestrator as a child process, keeps its output, and always ends.</summary>
public class ActionRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DailyPartition P(string key) => DailyPartition.Parse(key);

    private static (ActionRunner Runner, ApplicationLifetime Lifetime, FakeLogger<ActionRunner> Logger) Runner(string project)
    {
        var settings = new CatalogSettings
        {
            Reader = new WarehouseSettings { Host = "127.0.0.1", Port = 1, Database = "dev", User = "u", Password = "p", Dialect = WarehouseDialect.Postgres },
            OrchestratorProject = project,
        };
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var logger = new FakeLogger<ActionRunner>();
        return (new ActionRunner(settings, TimeProvider.System, lifetime, logger), lifetime, logger);
    }

    private static async Task WaitAsync(CatalogAction action)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (!action.Finished)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static string NotAProject()
    {
        var project = Path.Combine(Directory.CreateTempSubdirectory("marketaspire-action-").FullName, "Orchestrator.csproj");
        File.WriteAllText(project, "this is not a project file");
        return project;
    }

    [Fact]
    public void The_Orchestrator_runs_built_without_its_launch_profile_and_without_the_catalogs_password_and_address()
    {
        Assert.Equal(["run", "--project", "/repo/Orchestrator/Orchestrator.csproj", "--no-build", "--no-launch-profile", "--", "backfill", "--yes"],
            OrchestratorLaunch.Arguments("/repo/Orchestrator/Orchestrator.csproj", ["backfill", "--yes"]));
        Assert.Equal(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "orchestrator",
            ["OTEL_RESOURCE_ATTRIBUTES"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["MARKET_DB_PASSWORD_CATALOG"] = null,
        }, ActionRunner.ChildEnvironment);
    }

    [Fact]
    public async Task An_action_whose_Orchestrator_fails_ends_with_its_exit_code_and_output_and_frees_its_partitions()
    {
        var (runner, _, logger) = Runner(NotAProject());
        var (from, to) = (P("2026-11-20"), P("2026-11-24"));

        var action = runner.Start("Backfill", from, to, ["backfill", "--from", from.Key, "--to", to.Key]);
        Assert.True(runner.IsBusy(from) && runner.IsBusy(P("2026-11-23")) && runner.IsBusy(to));
        Assert.False(runner.IsBusy(P("2026-11-25")) || runner.IsBusy(P("2026-11-19")));
        Assert.Same(action, runner.Find(action.Id));
        Assert.Matches("^[0-9a-f]{32}$", action.Id);

        await WaitAsync(action);
        Assert.NotEqual(0, action.ExitCode);
        var output = action.LinesFrom(0);
        Assert.Contains(output, line => line.Contains("Orchestrator.csproj", StringComparison.Ordinal));
        Assert.Equal(output.Skip(1), action.LinesFrom(1));
        Assert.Empty(action.LinesFrom(output.Count));
        Assert.Empty(action.LinesFrom(output.Count + 5));
        Assert.False(runner.IsBusy(P("2026-11-23")));
        Assert.Null(runner.Find("no-such-action"));
        Assert.True(runner.Enabled);

        // A finished action does not hide a running one.
        var next = runner.Start("Materialize", P("2026-11-23"), P("2026-11-23"), ["materialize", "--partition", "2026-11-23"]);
        Assert.True(runner.IsBusy(P("2026-11-23")));
        await WaitAsync(next);

        var messages = logger.Collector.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains($"Catalog action {action.Id} started: Orchestrator backfill --from 2026-11-20 --to 2026-11-24", messages);
        Assert.Contains($"Catalog action {action.Id} ended with exit code {action.ExitCode}", messages);
    }

    [Fact]
    public void Without_an_Orchestrator_the_buttons_are_off_and_nothing_starts()
    {
        var runner = new ActionRunner(
            new CatalogSettings { Reader = new WarehouseSettings { Host = "h", Port = 1, Database = "d", User = "u", Password = "p", Dialect = WarehouseDialect.Postgres } },
            TimeProvider.System, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<ActionRunner>.Instance);
        Assert.False(runner.Enabled);
        var refused = Assert.Throws<InvalidOperationException>(() => runner.Start("Backfill", P("2026-11-25"), P("2026-11-25"), ["backfill"]));
        Assert.Equal("The catalog was started without an Orchestrator to run.", refused.Message);
        Assert.False(runner.IsBusy(P("2026-11-25")));
    }

    [Fact]
    public async Task The_real_Orchestrator_receives_the_actions_arguments()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repo.FullName, "MarketAspire.sln")))
        {
            repo = repo.Parent ?? throw new InvalidOperationException("no MarketAspire.sln above the test's folder");
        }

        var (runner, _, _) = Runner(Path.Combine(repo.FullName, "Orchestrator", "Orchestrator.csproj"));
        var action = runner.Start("Help", P("2026-11-25"), P("2026-11-25"), ["backfill", "--help"]);
        await WaitAsync(action);
        Assert.Equal(0, action.ExitCode);
        Assert.Contains(action.LinesFrom(0), line => line.Contains("--calendar-days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_action_started_while_the_catalog_stops_ends_as_stopped()
    {
        var (runner, lifetime, logger) = Runner(NotAProject());
        lifetime.StopApplication();
        var action = runner.Start("Backfill", P("2026-11-25"), P("2026-11-25"), ["backfill"]);
        await WaitAsync(action);
        Assert.Equal(ActionRunner.NotRun, action.ExitCode);
        Assert.Equal(["Stopped: the catalog is shutting down."], action.LinesFrom(0));
        Assert.Equal(["Stopped: the catalog is shutting down."], action.LinesFrom(-3));
        Assert.Contains($"Catalog action {action.Id} ended with exit code -1", logger.Collector.GetSnapshot().Select(r => r.Message));
    }

    [Fact]
    public async Task An_Orchestrator_that_cannot_be_started_ends_the_action_with_the_reason()
    {
        // Its working directory (the project's folder's parent) does not exist, so the process cannot start.
        var (runner, _, _) = Runner("/no/such/folder/Orchestrator/Orchestrator.csproj");
        var action = runner.Start("Backfill", P("2026-11-25"), P("2026-11-25"), ["backfill"]);
        await WaitAsync(action);
        Assert.Equal(ActionRunner.NotRun, action.ExitCode);
        Assert.StartsWith("The Orchestrator could not be run: ", Assert.Single(action.LinesFrom(0)));
        Assert.False(runner.IsBusy(P("2026-11-25")));
    }
}
