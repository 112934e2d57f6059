using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.AssetGraph.Status;
using MarketAspire.Catalog;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Grid;
using MarketAspire.Catalog.Lineage;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Catalog;

/// <summary>The catalog's logic without a server: paging, the running overlay, the lineage layout, the chart, metadata, settings.</summary>
public class CatalogModelTests
{
    private static DailyPartition P(string key) => DailyPartition.Parse(key);

    private static RunRecord Run(string job, string selection, string partitions) =>
        new("run-1", job, selection, partitions, new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero), null, "running", null, null);

    [Fact]
    public void A_page_of_trading_days_ends_at_its_end_and_skips_weekends_and_holidays()
    {
        // 2026-11-27 is the Friday after Thanksgiving (26th, closed); 21st and 22nd are a weekend.
        var window = GridWindow.Of(P("2026-11-27"), 5, calendarDays: false, latest: P("2026-11-27"));
        Assert.Equal(["2026-11-27", "2026-11-25", "2026-11-24", "2026-11-23", "2026-11-20"], window.Partitions.Select(p => p.Key));
        Assert.Equal(P("2026-11-19"), window.Older);
        Assert.Null(window.Newer);
    }

    [Fact]
    public void A_page_of_calendar_days_holds_every_day_and_the_newer_page_stops_at_the_latest_partition()
    {
        var window = GridWindow.Of(P("2026-11-20"), 3, calendarDays: true, latest: P("2026-11-22"));
        Assert.Equal(["2026-11-20", "2026-11-19", "2026-11-18"], window.Partitions.Select(p => p.Key));
        Assert.Equal(P("2026-11-17"), window.Older);
        Assert.Equal(P("2026-11-22"), window.Newer);

        var trading = GridWindow.Of(P("2026-11-18"), 2, calendarDays: false, latest: P("2026-11-25"));
        Assert.Equal(P("2026-11-20"), trading.Newer);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10_000, GridWindow.MaxSize)]
    public void A_page_size_is_kept_between_one_and_the_maximum(int asked, int size) =>
        Assert.Equal(size, GridWindow.Of(P("2026-11-25"), asked, calendarDays: true, latest: P("2026-11-25")).Partitions.Count);

    [Theory]
    [InlineData("2026-11-25", "2026-11-25", true)]
    [InlineData("2026-11-24", "2026-11-25", false)]
    [InlineData("2026-11-20..2026-11-25", "2026-11-20", true)]
    [InlineData("2026-11-20..2026-11-25", "2026-11-25", true)]
    [InlineData("2026-11-20..2026-11-25", "2026-11-26", false)]
    [InlineData("2026-11-20..2026-11-25", "2026-11-19", false)]
    public void A_run_covers_its_partition_or_the_range_it_backfills(string partitions, string partition, bool covers) =>
        Assert.Equal(covers, CatalogGrid.Covers(Run("backfill", "fct_stock_prices", partitions), P(partition)));

    [Fact]
    public void A_cell_is_running_while_a_run_of_its_asset_and_partition_is_in_progress()
    {
        var graph = MarketAssets.Graph;
        var partition = P("2026-11-25");
        var succeeded = graph.Assets.Select(a => new LatestMaterialization(a.Key, partition, RunStatus.Succeeded, "v1",
            a.Upstream.ToDictionary(u => u.Name, _ => "v1"), a.CodeVersion, new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero), null)).ToList();
        var status = new AssetStatusGrid(graph, [partition], succeeded, []);

        var grid = new CatalogGrid(status, [Run("warehouse", "staged_stock_prices,stg_stock_prices", "2026-11-25")]);
        Assert.Equal(CatalogGrid.Running, grid[MarketAssets.StagedStockPrices, partition].State);
        Assert.Contains("warehouse run run-1", grid[MarketAssets.StagedStockPrices, partition].Reason);
        Assert.Equal("materialized", grid[MarketAssets.RawStockPrices, partition].State);
        Assert.True(grid.IsBusy(partition));
        Assert.True(CatalogGrid.IsBusy([Run("quality", "fct_stock_prices:checks", "2026-11-24"), Run("warehouse", "stg_stock_prices", "2026-11-25")], partition));
        Assert.False(grid.IsBusy(P("2026-11-24")));
        Assert.Equal("none", grid.CheckState(partition));
    }

    [Fact]
    public void The_checks_verdict_is_the_worst_failure_of_the_partition()
    {
        var partition = P("2026-11-25");
        CheckEvaluationSummary Evaluation(string check, string severity, bool passed) =>
            new(check, partition, CheckSeverities.Parse(severity), passed, new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        string Verdict(params CheckEvaluationSummary[] evaluations) =>
            new CatalogGrid(new AssetStatusGrid(MarketAssets.Graph, [partition], [], evaluations), []).CheckState(partition);

        Assert.Equal("pass", Verdict(Evaluation("validity", "ERROR", true)));
        Assert.Equal("warn", Verdict(Evaluation("validity", "ERROR", true), Evaluation("price_jump", "WARN", false)));
        Assert.Equal("error", Verdict(Evaluation("validity", "ERROR", false), Evaluation("price_jump", "WARN", false)));
    }

    [Fact]
    public void The_lineage_puts_each_asset_right_of_everything_upstream_and_draws_every_edge()
    {
        var graph = MarketAssets.Graph;
        var layout = new LineageLayout(graph);
        var node = layout.Nodes.ToDictionary(n => n.Asset.Key);
        Assert.Equal(graph.Assets.Count, layout.Nodes.Count);
        Assert.Equal(graph.Assets.Sum(a => a.Upstream.Count), layout.Edges.Count);
        foreach (var edge in layout.Edges)
        {
            Assert.True(edge.From.X < edge.To.X, $"{edge.From.Asset.Key} -> {edge.To.Asset.Key}");
        }

        // Boxes of one column do not overlap; a checked asset's box lists its checks.
        foreach (var column in layout.Nodes.GroupBy(n => n.X))
        {
            var boxes = column.OrderBy(n => n.Y).ToList();
            for (var i = 1; i < boxes.Count; i++)
            {
                Assert.True(boxes[i].Y >= boxes[i - 1].Y + boxes[i - 1].Height + LineageLayout.RowGap);
            }
        }

        var factChecks = graph.Checks.Count(c => c.Asset == MarketAssets.FctStockPrices);
        Assert.Equal(factChecks, node[MarketAssets.FctStockPrices].Checks.Count);
        Assert.Equal(LineageLayout.HeaderHeight + (factChecks * LineageLayout.CheckLineHeight) + 8, node[MarketAssets.FctStockPrices].Height);
        Assert.Equal(LineageLayout.HeaderHeight, node[MarketAssets.RawStockPrices].Height);
        Assert.Equal((LineageLayout.RowGap, LineageLayout.RowGap), (node[MarketAssets.RawStockPrices].X, node[MarketAssets.RawStockPrices].Y));
        Assert.Equal(LineageLayout.RowGap + LineageLayout.NodeWidth + LineageLayout.ColumnGap, node[MarketAssets.StagedStockPrices].X);
        Assert.Equal(LineageLayout.RowGap + (3 * (LineageLayout.NodeWidth + LineageLayout.ColumnGap)), node[MarketAssets.FctStockPrices].X);
        Assert.True(layout.Nodes.All(n => n.X + LineageLayout.NodeWidth <= layout.Width && n.Y + n.Height <= layout.Height));
    }

    [Fact]
    public void The_chart_scales_the_series_into_its_box_and_marks_failures_that_name_the_symbol()
    {
        PricePoint Bar(string date, decimal close, decimal adjusted) => new(DateOnly.Parse(date), close, adjusted, adjusted, false);
        var points = new[] { Bar("2026-11-20", 400, 100), Bar("2026-11-23", 100, 100), Bar("2026-11-25", 200, 200) };
        var failures = new[]
        {
            new FailedCheck(P("2026-11-25"), "validity", "ERROR", ["MSFT 2026-11-25: open 1, high 2, low -1"]),
            new FailedCheck(P("2026-11-25"), "price_jump", "WARN", []),
            new FailedCheck(P("2026-11-23"), "price_jump", "WARN", ["MSFTX 2026-11-23: ..."]),
            new FailedCheck(P("2026-11-26"), "freshness", "ERROR", []),
            new FailedCheck(P("2026-11-20"), "ohlc_consistency", "WARN", ["AAPL 2026-11-20: ...", "MSFT 2026-11-20: ..."]),
        };
        var chart = new PriceChart("MSFT", points, failures);

        Assert.Equal((100m, 400m), (chart.Min, chart.Max));
        Assert.Equal("48,48 566.4,292 912,210.7", chart.Close);
        Assert.Equal("48,292 566.4,292 912,210.7", chart.Adjusted);
        Assert.Equal(3, chart.Markers.Count);
        var last = chart.Markers.Single(m => m.Date == DateOnly.Parse("2026-11-25"));
        Assert.True(last.Names);
        Assert.Equal("ERROR", last.Severity);
        Assert.Equal(912, last.X);
        Assert.Equal("2026-11-25: validity (ERROR): MSFT 2026-11-25: open 1, high 2, low -1; price_jump (WARN)", last.Title);
        var warned = chart.Markers.Single(m => m.Date == DateOnly.Parse("2026-11-23"));
        Assert.Equal((false, "WARN"), (warned.Names, warned.Severity));
        var first = chart.Markers.Single(m => m.Date == DateOnly.Parse("2026-11-20"));
        Assert.Equal((true, "WARN", 48.0), (first.Names, first.Severity, first.X));
        Assert.Equal([100m, 175m, 250m, 325m, 400m], chart.Ticks.Select(t => t.Value));
        Assert.Equal([292.0, 231.0, 170.0, 109.0, 48.0], chart.Ticks.Select(t => t.Y));
    }

    [Fact]
    public void Without_a_split_the_chart_draws_one_line()
    {
        var chart = new PriceChart("IBM", [new(DateOnly.Parse("2026-11-25"), 10, 10, 10, false)], []);
        Assert.Null(chart.Adjusted);
        Assert.NotNull(chart.Close);
        Assert.Null(new PriceChart("IBM", [], []).Close);

        // Bars without a close (the completeness check reports them) draw nothing rather than fail.
        var empty = new PriceChart("IBM", [new(DateOnly.Parse("2026-11-25"), null, null, null, false)], []);
        Assert.Null(empty.Close);
        Assert.Empty(empty.Markers);
    }

    [Fact]
    public void Metadata_entries_keep_their_order_and_link_only_rejects_files()
    {
        using var document = JsonDocument.Parse("""
            {"rows": 800, "rejects_file": "staged/stock_prices/2026-11-25/r1/rejects.jsonl", "source": "raw/stock_data/2026-11-25/IBM.json", "none": null, "list": [1, 2]}
            """);
        var entries = MetadataEntries.Of(document.RootElement);
        Assert.Equal(["rows", "rejects_file", "source", "none", "list"], entries.Select(e => e.Key));
        Assert.Equal(["800", "staged/stock_prices/2026-11-25/r1/rejects.jsonl", "raw/stock_data/2026-11-25/IBM.json", "—", "[1, 2]"], entries.Select(e => e.Text));
        Assert.Equal([null, "/lake/staged/stock_prices/2026-11-25/r1/rejects.jsonl", null, null, null], entries.Select(e => e.Link));

        using var array = JsonDocument.Parse("[1, 2]");
        Assert.Empty(MetadataEntries.Of(array.RootElement));
    }

    [Theory]
    [InlineData("staged/stock_prices/2026-11-25/r1/rejects.jsonl", true)]
    [InlineData("staged/corporate_actions/2026-11-25/r1/rejects.jsonl", true)]
    [InlineData("staged/stock_prices/2026-11-25/r1/part-0000.csv.gz", false)]
    [InlineData("raw/stock_data/2026-11-25/rejects.jsonl", false)]
    [InlineData("staged/../raw/stock_data/2026-11-25/x/rejects.jsonl", false)]
    public void The_catalog_serves_rejects_files_and_nothing_else_of_the_lake(string key, bool served) =>
        Assert.Equal(served, RejectsFiles.IsRejectsFile(key));

    [Fact]
    public void An_evaluation_reads_its_summary_and_offending_rows_from_its_metadata()
    {
        using var document = JsonDocument.Parse("""{"summary": "1 of 3 rows invalid", "offending": ["MSFT 2026-11-25: low -1", {"symbol": "IBM"}]}""");
        var row = new EvaluationRow("r", P("2026-11-25"), "fct_stock_prices", "ERROR", false, document.RootElement.Clone(), default);
        Assert.Equal("1 of 3 rows invalid", row.Summary);
        Assert.Equal(["MSFT 2026-11-25: low -1", """{"symbol": "IBM"}"""], row.Offending);

        using var odd = JsonDocument.Parse("""{"summary": 5, "offending": "MSFT"}""");
        Assert.Null((row with { Metadata = odd.RootElement.Clone() }).Summary);
        Assert.Empty((row with { Metadata = odd.RootElement.Clone() }).Offending);

        using var empty = JsonDocument.Parse("{}");
        var bare = row with { Metadata = empty.RootElement.Clone() };
        Assert.Null(bare.Summary);
        Assert.Empty(bare.Offending);
    }

    [Fact]
    public void The_catalogs_settings_name_every_missing_or_malformed_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:4566",
            ["MARKET_ORCHESTRATOR_PROJECT"] = "/nowhere/Orchestrator.csproj",
            ["MARKET_DASHBOARD_URL"] = "javascript:alert(1)",
            ["MARKET_CATALOG_TOKEN"] = "short-secret",
            ["MARKET_CATALOG_RUN_SETTINGS"] = "/nowhere/run.env",
        }).Build();
        var problems = Assert.Throws<ConfigurationException>(() => CatalogSettings.From(configuration)).Problems;
        Assert.Equal(5, problems.Count);
        Assert.Contains("MARKET_CATALOG_RUN_SETTINGS names no file: '/nowhere/run.env'.", problems);
        Assert.Contains(problems, p => p.StartsWith("MARKET_DB_PASSWORD_CATALOG is required", StringComparison.Ordinal));
        Assert.Contains("MARKET_ORCHESTRATOR_PROJECT names no file: '/nowhere/Orchestrator.csproj'.", problems);
        Assert.Contains("MARKET_DASHBOARD_URL must be an absolute http(s) URL, not 'javascript:alert(1)'.", problems);
        Assert.Contains("MARKET_CATALOG_TOKEN must be at least 16 characters long (it has 12).", problems);
        Assert.DoesNotContain(problems, p => p.Contains("short-secret", StringComparison.Ordinal));

        var good = CatalogSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:4566",
            ["MARKET_DB_PASSWORD_CATALOG"] = " secret ",
            ["MARKET_DASHBOARD_URL"] = "http://localhost:18888",
        }).Build());
        Assert.Equal("marketaspire_catalog", good.Reader.User);
        Assert.Equal("secret", good.Reader.Password);
        Assert.Equal(CatalogSettings.StatementTimeout, good.Reader.StatementTimeout);
        Assert.Null(good.OrchestratorProject);

        var project = Path.GetRelativePath(Environment.CurrentDirectory, typeof(CatalogModelTests).Assembly.Location);
        var withProject = CatalogSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:4566",
            ["MARKET_DB_PASSWORD_CATALOG"] = "secret",
            ["MARKET_ORCHESTRATOR_PROJECT"] = project,
            ["MARKET_CATALOG_RUN_SETTINGS"] = project,
        }).Build());
        Assert.Equal(Path.GetFullPath(project), withProject.OrchestratorProject);
        Assert.Equal(Path.GetFullPath(project), withProject.RunSettingsFile);
        Assert.Null(good.RunSettingsFile);
        Assert.Equal(new Uri("http://localhost:18888"), good.DashboardUrl);
    }
}
