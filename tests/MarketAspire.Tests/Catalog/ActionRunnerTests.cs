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
    public void The_Orchestrator_runs_built_without_its_launch_profile_with_only_the_allow_listed_environment()
    {
        Assert.Equal(["run", "--project", "/repo/Orchestrator/Orchestrator.csproj", "--no-build", "--no-launch-profile", "--", "backfill", "--yes"],
            OrchestratorLaunch.Arguments("/repo/Orchestrator/Orchestrator.csproj", ["backfill", "--yes"]));
        var inherited = new System.Collections.Hashtable
        {
            ["PATH"] = "/usr/bin", ["REDSHIFT_PASSWORD"] = "owner", ["MARKET_API_KEY"] = "key", ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:1",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=k", ["OTEL_SERVICE_NAME"] = "catalog", ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=catalog",
            ["MARKET_DB_PASSWORD_CATALOG"] = "catalog", ["MARKET_CATALOG_TOKEN"] = "token", ["ASPNETCORE_URLS"] = "http://127.0.0.1:4590",
            ["MARKET_ORCHESTRATOR_PROJECT"] = "/repo/Orchestrator/Orchestrator.csproj", ["SOMETHING_ELSE"] = "x",
        };
        Assert.Equal(new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin", ["REDSHIFT_PASSWORD"] = "owner", ["MARKET_API_KEY"] = "key", ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:1",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=k", ["OTEL_SERVICE_NAME"] = "orchestrator", ["OTEL_RESOURCE_ATTRIBUTES"] = null,
            ["MARKET_DB_PASSWORD_CATALOG"] = null, ["MARKET_CATALOG_TOKEN"] = null, ["ASPNETCORE_URLS"] = null,
            ["MARKET_ORCHESTRATOR_PROJECT"] = null, ["SOMETHING_ELSE"] = null,
        }, RunEnvironment.For(inherited));
    }

    [Fact]
    public void A_run_reads_the_AppHosts_run_settings_file_as_its_env_file_and_never_the_catalogs_path_to_it()
    {
        var inherited = new System.Collections.Hashtable
        {
            ["MARKET_ENV_FILE"] = "none", ["MARKET_CATALOG_RUN_SETTINGS"] = "/tmp/launch/run.env", ["REDSHIFT_USER"] = "awsuser",
        };
        Assert.Equal(new Dictionary<string, string?>
        {
            ["MARKET_ENV_FILE"] = "/tmp/launch/run.env", ["MARKET_CATALOG_RUN_SETTINGS"] = null, ["REDSHIFT_USER"] = "awsuser", ["OTEL_SERVICE_NAME"] = "orchestrator",
        }, RunEnvironment.For(inherited, "/tmp/launch/run.env"));
        Assert.Equal("none", RunEnvironment.For(inherited)["MARKET_ENV_FILE"]);
    }

    [Fact]
    public async Task A_second_action_over_a_running_partition_and_one_beyond_the_cap_are_refused_and_the_history_is_bounded()
    {
        // An Orchestrator that is not a project still takes dotnet a moment to refuse: long enough to overlap.
        var (runner, lifetime, _) = Runner(NotAProject());
        var first = runner.TryStart("Backfill", P("2026-11-20"), P("2026-11-24"), ["backfill"]);
        Assert.NotNull(first.Action);
        var overlapping = runner.TryStart("Materialize", P("2026-11-24"), P("2026-11-24"), ["materialize"]);
        Assert.Equal((null, "A run of partition 2026-11-24 is in progress. Wait until it ends (see Runs).", true), (overlapping.Action, overlapping.Refusal, overlapping.Busy));
        var second = runner.TryStart("Materialize", P("2026-11-25"), P("2026-11-25"), ["materialize"]);
        Assert.NotNull(second.Action);
        var capped = runner.TryStart("Materialize", P("2026-11-26"), P("2026-11-26"), ["materialize"]);
        Assert.Equal((null, false), (capped.Action, capped.Busy));
        Assert.StartsWith($"The catalog runs at most {ActionRunner.MaxConcurrent} actions at once", capped.Refusal);

        await WaitAsync(first.Action!);
        await WaitAsync(second.Action!);
        lifetime.StopApplication();
        var kept = new List<CatalogAction>();
        for (var i = 0; i < ActionRunner.MaxKeptFinished + 3; i++)
        {
            var action = runner.Start("Materialize", P("2026-10-01"), P("2026-10-01"), ["materialize"]);
            await WaitAsync(action);
            kept.Add(action);
        }

        Assert.Null(runner.Find(first.Action!.Id));
        Assert.Null(runner.Find(kept[0].Id));
        Assert.Same(kept[^1], runner.Find(kept[^1].Id));
    }

    [Fact]
    public void An_actions_output_keeps_its_last_lines_counted_from_the_first()
    {
        var action = new CatalogAction("a", "t", P("2026-11-25"), P("2026-11-25"), [], DateTimeOffset.UnixEpoch);
        for (var i = 0; i < CatalogAction.MaxLines + 10; i++)
        {
            action.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        action.Append(new string('x', CatalogAction.MaxLineLength + 5));
        Assert.Equal(CatalogAction.MaxLines, action.LinesFrom(0).Count);
        Assert.Equal("11", action.LinesFrom(0)[0]);
        Assert.Equal(["5009", new string('x', CatalogAction.MaxLineLength) + "…"], action.LinesFrom(CatalogAction.MaxLines + 9));
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
