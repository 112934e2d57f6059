using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Records;
using MarketAspire.Orchestrator;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Orchestration;

/// <summary>Backfills through the real services (in process), the simulator, PostgreSQL and the S3 emulator.</summary>
public partial class BackfillTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed class Stack(Dictionary<string, string?> settings, SimulatorServer simulator) : IAsyncDisposable
    {
        public Dictionary<string, string?> Settings { get; } = settings;

        public StringWriter Output { get; } = new();

        public MetaStore Meta { get; } = new(JobHarness.DataSource(settings), JobHosting.Configuration.WarehouseDialect.Postgres);

        public Task<BackfillResult> BackfillAsync(params string[] args) => BackfillAsync(MarketAssets.Graph, ServiceModules.All, args);

        public async Task<BackfillResult> BackfillAsync(AssetGraphDefinition graph, IEnumerable<JobHosting.Jobs.ServiceModule> modules, params string[] args)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
            await using var runners = await ServiceRunners.StartAsync(configuration, graph, modules, Ct);
            var command = OrchestratorCommand.Parse(args, graph, TimeProvider.System);
            return await new BackfillRunner(runners, Meta, TimeProvider.System, Output, TimeSpan.FromSeconds(15), () => MarketApiSettings.From(configuration)).RunAsync(command, Ct);
        }

        public async Task<BackfillResult> HistoryAsync(params string[] args)
        {
            // The configured size stays compact: history asks for full through the run, not by overriding a setting.
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
            await using var runners = await ServiceRunners.StartAsync(configuration, MarketAssets.Graph, ServiceModules.All, Ct);
            var command = OrchestratorCommand.Parse(["history", .. args], MarketAssets.Graph, TimeProvider.System);
            return await new HistoryLoader(runners, Meta, TimeProvider.System, Output, TimeSpan.FromSeconds(15), MarketApiSettings.From(configuration))
                .RunAsync(command.Yes, Ct);
        }

        public Task<AssetStatusGrid> StatusAsync(string from, string to, AssetGraphDefinition? graph = null) =>
            StatusReader.ReadAsync(Meta, graph ?? MarketAssets.Graph, DailyPartition.TradingDays(DailyPartition.Parse(from), DailyPartition.Parse(to)), Ct);

        public SimulatorServer Simulator => simulator;

        public ValueTask DisposeAsync() => simulator.DisposeAsync();
    }

    /// <param name="timeTravel">These backfills fetch past landing dates, which only a time-travelling simulator answers.</param>
    internal async Task<Stack> StartAsync(Dictionary<string, string?>? simulatorSettings = null, string symbols = "IBM,MSFT,AAPL", bool timeTravel = true)
    {
        var simulator = await SimulatorServer.StartAsync(
            new Dictionary<string, string?>(simulatorSettings ?? []) { ["TimeTravel"] = timeTravel.ToString() }, Ct);
        var settings = await servers.MigratedEnvironmentAsync(Ct);

        settings["MARKET_API_BASE_URL"] = simulator.BaseUrl;
        settings["MARKET_SYMBOLS"] = symbols;
        settings["MARKET_API_RETRY_BASE_MS"] = "10";
        settings["MARKET_API_QUOTA_RETRY_SECONDS"] = "0";
        settings["MARKET_ENV_FILE"] = "none";
        settings["MARKET_API_TIME_TRAVEL"] = timeTravel.ToString();
        return new Stack(settings, simulator);
    }

    [Fact]
    public async Task A_backfill_of_two_weeks_materializes_every_trading_day_and_check()
    {
        await using var stack = await StartAsync();

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-10", "--to", "2026-11-23", "--concurrency", "3");

        Assert.True(result.Succeeded, stack.Output.ToString());
        Assert.Equal(10, result.Ran); // 14 calendar days, 4 of them weekend days: nothing new to fetch on those
        // Three partitions at a time, but each symbol's corporate actions are asked for once, not once per date.
        Assert.Equal(30 + 6 + 20, stack.Simulator.Counter.Admitted); // and both listing lists per date
        Assert.Contains(
            "plan: 10 partition(s) x 3 symbols to extract + up to 6 for corporate actions (SPLITS and DIVIDENDS, once a week per symbol)" +
            " + up to 20 for LISTING_STATUS (active and delisted, once per landing date) = 56 API request(s)",
            stack.Output.ToString());
        var grid = await stack.StatusAsync("2026-11-10", "2026-11-21");
        foreach (var partition in grid.Partitions)
        {
            Assert.All(MarketAssets.Graph.Assets, a => Assert.Equal(PartitionState.Materialized, grid[a.Key, partition].State));
            Assert.Empty(grid.Checks(partition).Errors);
        }

        Assert.Contains("[  10/10]", stack.Output.ToString());
        Assert.Contains("partitions/min | ETA", stack.Output.ToString());
        var backfillRun = (await stack.Meta.RecentRunsAsync(100, Ct)).Single(r => r.Job == "backfill");
        Assert.Equal(("2026-11-10..2026-11-23", RunStatus.Succeeded), (backfillRun.Partitions, backfillRun.Status));
        Assert.Equal(0, await JobHarness.ScalarAsync<long>(stack.Settings,
            "SELECT count(*) FROM market_meta.materializations WHERE partition_date IN ('2026-11-14', '2026-11-15', '2026-11-21', '2026-11-22')", Ct));
    }

    [Fact]
    public async Task An_unchanged_rerun_skips_everything()
    {
        await using var stack = await StartAsync();
        await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20");
        var runsBefore = (await stack.Meta.RecentRunsAsync(1000, Ct)).Count;

        var again = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20");

        Assert.True(again.Succeeded);
        Assert.Equal((0, 5), (again.Ran, again.Skipped));
        Assert.Equal(runsBefore + 1, (await stack.Meta.RecentRunsAsync(1000, Ct)).Count); // only the backfill's own record
    }

    [Fact]
    public async Task A_resumed_backfill_reruns_only_the_failed_partition()
    {
        // IBM answers HTTP 500 to its first five requests: every attempt of the first partition fails.
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["Faults:IBM"] = "http-500:5" });
        var first = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--concurrency", "1");

        Assert.False(first.Succeeded);
        var failure = Assert.Single(first.Failures);
        Assert.Equal(("2026-11-16", "extractor"), (failure.Partition.Key, failure.Step));
        Assert.Contains("IBM: HTTP 500 Internal Server Error after retries", failure.Reason);
        Assert.Contains("FAILED 2026-11-16 at extractor", stack.Output.ToString());

        var resumed = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--concurrency", "1");

        Assert.True(resumed.Succeeded, stack.Output.ToString());
        Assert.Equal((1, 4), (resumed.Ran, resumed.Skipped));
    }

    [Fact]
    public async Task Staleness_appears_after_an_upstream_change_and_clears_after_downstream_runs()
    {
        await using var stack = await StartAsync();
        await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-20");

        stack.Settings["MARKET_SYMBOLS"] = "IBM,MSFT,AAPL,NVDA";
        await stack.BackfillAsync("materialize", "--partition", "2026-11-20", "--asset", "raw_stock_prices");

        var stale = await stack.StatusAsync("2026-11-20", "2026-11-20");
        var partition = DailyPartition.Parse("2026-11-20");
        Assert.Equal(PartitionState.Materialized, stale[MarketAssets.RawStockPrices, partition].State);
        Assert.Equal(PartitionState.Stale, stale[MarketAssets.StagedStockPrices, partition].State);
        Assert.StartsWith("raw_stock_prices is now ", stale[MarketAssets.StagedStockPrices, partition].Reason);
        Assert.Contains("STALE", StatusRenderer.Render(stale, []));

        var catchUp = await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-20");

        Assert.Equal(1, catchUp.Ran);
        var fresh = await stack.StatusAsync("2026-11-20", "2026-11-20");
        Assert.All(MarketAssets.Graph.Assets, a => Assert.Equal(PartitionState.Materialized, fresh[a.Key, partition].State));
        Assert.Equal(400, await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.fct_stock_prices", Ct));
    }

    [Fact]
    public async Task A_spent_daily_quota_stops_starting_partitions_and_a_later_run_resumes()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["RequestsPerDay"] = "7" });
        var first = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--concurrency", "1");

        Assert.False(first.Succeeded);
        Assert.Equal("the API's daily quota is spent; resume tomorrow (or with a higher quota)", first.StopReason);
        Assert.Equal(4, first.NotStarted); // the first date's 3 prices and 4 of its 6 corporate-action lists spend the 7
        Assert.Contains("stopped early", stack.Output.ToString());
    }

    [Fact]
    public async Task Calendar_days_are_extracted_only_when_asked_for()
    {
        await using var stack = await StartAsync();

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-23", "--calendar-days");

        Assert.Equal(4, result.Ran);
        Assert.Equal(12 + 6 + 8, stack.Simulator.Counter.Admitted);
    }

    [Fact]
    public async Task A_plan_beyond_a_days_quota_waits_for_consent_and_requests_nothing()
    {
        await using var stack = await StartAsync();
        stack.Settings["MARKET_API_REQUESTS_PER_DAY"] = "10";

        var refused = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20");

        Assert.Equal(0, stack.Simulator.Counter.Admitted);
        Assert.StartsWith("not started: 31 requests need 4 days of the daily quota. Add --yes", refused.Refusal);
        var output = stack.Output.ToString();
        Assert.Contains(
            "plan: 5 partition(s) x 3 symbols to extract + up to 6 for corporate actions (SPLITS and DIVIDENDS, once a week per symbol)" +
            " + up to 10 for LISTING_STATUS (active and delisted, once per landing date) = 31 API request(s) (retries come on top), at least 0m03s at 600 requests/minute",
            output);
        Assert.Contains("more than a day's quota of 10 (MARKET_API_REQUESTS_PER_DAY): 4 days of it", output);
        Assert.True(output.IndexOf("plan:", StringComparison.Ordinal) < output.IndexOf("not started", StringComparison.Ordinal));

        var started = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20", "--yes", "--concurrency", "1");

        Assert.Equal(10, stack.Simulator.Counter.Admitted);
        Assert.Equal("the API's daily quota is spent; resume tomorrow (or with a higher quota)", started.StopReason);
    }

    [Fact]
    public async Task Against_a_live_API_a_backfill_of_past_landing_dates_requests_nothing_and_says_why()
    {
        await using var stack = await StartAsync(timeTravel: false);

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-16", "--to", "2026-11-20");

        Assert.Equal(0, stack.Simulator.Counter.Admitted);
        Assert.NotNull(result.Refusal);
        Assert.StartsWith("refused: 5 partition(s) (2026-11-16..2026-11-20) would need raw_stock_prices for a landing date other than today", result.Refusal);
        Assert.Contains("which a live API cannot answer: it has no \"as of\"", result.Refusal);
        Assert.Empty(await stack.Meta.RecentRunsAsync(10, Ct));
    }

    [Fact]
    public async Task Against_a_live_API_past_partitions_are_rebuilt_from_the_raw_objects_already_landed()
    {
        await using var stack = await StartAsync(timeTravel: false, symbols: "IBM");
        var s3 = (await servers.S3).CreateClient();
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        MarketAspire.MarketApiSimulator.PriceSeriesGenerator.WriteDailySeries(body, "IBM",
            MarketAspire.MarketApiSimulator.PriceSeriesGenerator.Generate("IBM", new DateOnly(2026, 11, 20), 100), full: false);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = stack.Settings["S3_BUCKET_NAME"], Key = "raw/stock_data/2026-11-20/IBM.json", InputStream = new MemoryStream(body.WrittenSpan.ToArray()),
        }, Ct);

        var result = await stack.BackfillAsync("backfill", "--from", "2026-11-20", "--to", "2026-11-20", "--asset", "staged_stock_prices", "--downstream");

        Assert.True(result.Succeeded, stack.Output.ToString());
        Assert.Equal(0, stack.Simulator.Counter.Admitted);
        Assert.Equal(100, await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.fct_stock_prices", Ct));
    }

    [Fact]
    public async Task The_extractor_itself_refuses_a_past_landing_date_against_a_live_API()
    {
        await using var stack = await StartAsync(timeTravel: false, symbols: "IBM");

        var result = await stack.BackfillAsync("materialize", "--partition", "2026-11-20", "--asset", "raw_stock_prices");

        Assert.NotNull(result.Refusal);
        Assert.Equal(0, stack.Simulator.Counter.Admitted);
    }

    [Fact]
    public async Task History_loads_each_symbols_full_series_once_and_a_second_run_requests_nothing()
    {
        await using var stack = await StartAsync(timeTravel: false, symbols: "IBM,MSFT");

        var first = await stack.HistoryAsync();

        Assert.True(first.Succeeded, stack.Output.ToString());
        Assert.Equal(2 + 4 + 2, stack.Simulator.Counter.Admitted);
        Assert.Contains(
            "plan: 2 symbol(s) x 1 request with outputsize=full + up to 4 for corporate actions (SPLITS and DIVIDENDS, once a week per symbol)" +
            " + up to 2 for LISTING_STATUS (active and delisted, once per landing date) = 8 API request(s)",
            stack.Output.ToString());
        var rows = await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.fct_stock_prices WHERE symbol = 'IBM'", Ct);
        Assert.True(rows > 5000, $"{rows} IBM rows: the full series reaches back to 2000");
        Assert.Equal("2000-01-03", await JobHarness.ScalarAsync<string>(stack.Settings, "SELECT min(price_date)::text FROM market_data.fct_stock_prices", Ct));

        // Corporate actions end to end: landed, loaded, adjusting the series on read, and the checks know the splits.
        Assert.Equal(6, await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.fct_splits", Ct));
        Assert.True(await JobHarness.ScalarAsync<long>(stack.Settings, "SELECT count(*) FROM market_data.fct_dividends WHERE symbol = 'IBM'", Ct) > 60);
        Assert.Equal(0.6m, await JobHarness.ScalarAsync<decimal>(stack.Settings,
            "SELECT split_factor FROM market_data.stock_prices_adjusted WHERE symbol = 'IBM' AND price_date = '2000-01-03'", Ct));
        var checks = await JobHarness.ScalarAsync<string>(stack.Settings,
            "SELECT string_agg(check_name || '=' || passed::text || ' ' || (metadata->>'summary'), '; ' ORDER BY check_name) FROM market_meta.check_evaluations WHERE check_name IN ('price_jump', 'split_consistency')", Ct);
        Assert.Equal("price_jump=true no split-adjusted close moved more than 25%; split_consistency=true 6 splits in the partition's bars, each matched by the raw prices", checks);

        var second = await stack.HistoryAsync();

        Assert.True(second.Succeeded, stack.Output.ToString());
        Assert.Equal(2 + 4 + 2, stack.Simulator.Counter.Admitted);
        Assert.Contains("history: nothing to request", stack.Output.ToString());
        Assert.True(second.Ran == 0, stack.Output.ToString());
    }

    [Fact]
    public async Task History_with_a_free_key_reports_the_premium_answer_as_such_after_one_request()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["AllowFullOutput"] = "false" }, symbols: "IBM,MSFT,AAPL", timeTravel: false);
        stack.Settings["MARKET_API_CONCURRENCY"] = "1";

        var result = await stack.HistoryAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(1, stack.Simulator.Counter.Admitted);
        var output = stack.Output.ToString();
        Assert.Contains("needs a premium Alpha Vantage key", output);
        Assert.Contains("The outputsize=full parameter value is a premium feature", output);
        Assert.Contains(HistoryLoader.FreeTierNote, output);
    }
}
