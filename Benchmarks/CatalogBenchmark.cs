using System.Diagnostics;
using System.Globalization;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Data;
using MarketAspire.Catalog.Grid;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// The catalog's server-side reads over years of records: every asset materialized and every check evaluated on each
/// trading day, the raw asset's metadata listing every symbol's object. Prints each read's median time.
/// </summary>
public static class CatalogBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var years = options.Int("years");
        var symbols = options.Int("symbols");
        var repeats = options.Int("repeats");
        var graph = MarketAssets.Graph;
        var to = DailyPartition.Parse("2026-11-25");
        var from = new DailyPartition(to.Date.AddYears(-years));

        await using var postgres = await PostgresServer.StartAsync(CancellationToken.None, durable: true);
        var settings = await postgres.CreateDatabaseAsync(CancellationToken.None);
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var db = new WarehouseDatabase(WarehouseSettings.From(config), "bench");
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);

        var seed = Stopwatch.StartNew();
        var days = DailyPartition.TradingDays(from, to);
        await using (var connection = await db.OpenAsync(CancellationToken.None))
        {
            foreach (var asset in graph.Assets)
            {
                await ExecuteAsync(connection, SeedMaterializations, ("asset", asset.Key.Name), ("upstream", asset.Upstream.Select(u => u.Name).ToArray()),
                    ("days", days.Select(d => d.Date).ToArray()), ("symbols", asset.Key == MarketAssets.RawStockPrices ? symbols : 0));
            }

            foreach (var check in graph.Checks)
            {
                await ExecuteAsync(connection, SeedEvaluations, ("check", check.Name), ("asset", check.Asset.Name),
                    ("severity", check.Severity.Stored()), ("days", days.Select(d => d.Date).ToArray()));
            }

            foreach (var service in graph.ServicesInOrder)
            {
                await ExecuteAsync(connection, SeedRuns, ("job", service.Name), ("selection", graph.SelectionOf(service.Name)), ("days", days.Select(d => d.Date).ToArray()));
            }

            await ExecuteAsync(connection, "ANALYZE market_meta.runs; ANALYZE market_meta.materializations; ANALYZE market_meta.check_evaluations");
        }

        long materializations, evaluations, runs, bytes;
        await using (var connection = await db.OpenAsync(CancellationToken.None))
        {
            materializations = await ScalarAsync(connection, "SELECT count(*) FROM market_meta.materializations");
            evaluations = await ScalarAsync(connection, "SELECT count(*) FROM market_meta.check_evaluations");
            runs = await ScalarAsync(connection, "SELECT count(*) FROM market_meta.runs");
            bytes = await ScalarAsync(connection, "SELECT pg_total_relation_size('market_meta.materializations') + pg_total_relation_size('market_meta.check_evaluations')");
        }

        var reader = new CatalogReader(db.DataSource, new MetaStore(db.DataSource, db.Dialect), graph);
        var latest = days[^1];
        var measured = new List<string>();
        async Task Measure(string name, Func<Task> read)
        {
            await read();
            var times = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                await read();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            measured.Add(string.Create(CultureInfo.InvariantCulture, $"{name}_ms={times[times.Count / 2]:0.0}"));
        }

        await Measure("grid_page", () => reader.GridAsync([.. GridWindow.Of(latest, GridWindow.DefaultSize, false, latest).Partitions.Reverse()], CancellationToken.None));
        await Measure("grid_max_page", () => reader.GridAsync([.. GridWindow.Of(latest, GridWindow.MaxSize, false, latest).Partitions.Reverse()], CancellationToken.None));
        await Measure("grid_all", () => reader.GridAsync(days, CancellationToken.None));
        await Measure("lineage", async () =>
        {
            await reader.LatestMaterializationsAsync(null, CancellationToken.None);
            await reader.LatestEvaluationsAsync(null, CancellationToken.None);
        });
        await Measure("asset_history", () => reader.MaterializationsAsync(MarketAssets.RawStockPrices, null, CancellationToken.None));
        await Measure("check_history", () => reader.EvaluationsAsync("validity", null, CancellationToken.None));
        await Measure("runs_page", () => reader.RunsAsync(50, 0, CancellationToken.None));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"catalog partitions={days.Count} symbols={symbols} materializations={materializations} evaluations={evaluations} runs={runs} records_mb={bytes / 1048576.0:0.0} seed_s={seed.Elapsed.TotalSeconds:0.0} ") +
            string.Join(' ', measured));
        return 0;
    }

    private const string SeedMaterializations =
        """
        INSERT INTO market_meta.materializations
            (run_id, asset, partition_date, status, started_at, finished_at, data_version, input_versions, code_version, metadata, error)
        SELECT 'run-' || d, @asset, d, 'succeeded', d + time '21:00', d + time '21:01', md5(@asset || d),
               COALESCE((SELECT jsonb_object_agg(u, md5(u || d)) FROM unnest(@upstream::text[]) u), '{}'::jsonb), '1',
               jsonb_build_object('rows', 100 * GREATEST(@symbols, 1), 'objects',
                   COALESCE((SELECT jsonb_agg(jsonb_build_object('Key', 'raw/stock_data/' || d || '/S' || lpad(s::text, 3, '0') || '.json',
                        'Days', 100, 'Sha256', md5(s || '-' || d) || md5(d || '-' || s))) FROM generate_series(1, @symbols) s), '[]'::jsonb)),
               NULL
        FROM unnest(@days::date[]) d
        """;

    private const string SeedRuns =
        """
        INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, finished_at, status, error, heartbeat_at, trace_id)
        SELECT @job || '-' || d, @job, @selection, d::text, d + time '21:00', d + time '21:01', 'succeeded', NULL, d + time '21:01', md5(@job || d)
        FROM unnest(@days::date[]) d
        """;

    private const string SeedEvaluations =
        """
        INSERT INTO market_meta.check_evaluations (run_id, check_name, asset, partition_date, severity, passed, metadata, evaluated_at)
        SELECT 'run-' || d, @check, @asset, d, @severity, true,
               jsonb_build_object('summary', '0 of 50000 rows failing', 'rows', 50000, 'failing_rows', 0, 'offending', '[]'::jsonb), d + time '21:02'
        FROM unnest(@days::date[]) d
        """;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The benchmark's own constant statements; values travel as parameters.")]
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The benchmark's own constant statements.")]
    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
