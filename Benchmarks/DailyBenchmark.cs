using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.S3.Model;
using CliWrap;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Catalog.Data;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// The daily run on a warehouse that already holds history, once its history's landing has left staging: for each
/// history length, a fresh database and bucket get that many years of every symbol's bars (landed whole six weeks before
/// the day, with its corporate actions, and loaded by the real jobs), then the trading day before the day runs untimed
/// (its <c>compact</c> answers bring the weeks since; its fact step prunes the history's landing from staging and
/// rewrites the table), then <c>VACUUM ANALYZE</c> (so that the maintenance of the history's load does not land in a
/// timed day). Staging's retention is one day, so the timed days prune a landing date a day in the median (0-2), as each
/// day of daily operation prunes one (staging then holds two or three landing dates rather than a month's, at both
/// history lengths).
/// Then each timed day's <c>compact</c> answers (100 bars: 99 already loaded, one new, a few restated) go through the
/// real Extractor (simulator), Warehouse and Quality processes, then the catalog's price page reads one symbol. Prints,
/// per history length and their ratio, the median over the timed days of each job's, asset's and check's time, rows and
/// lake bytes written, and the server's time per statement (<see cref="StatementTimes"/>).
/// </summary>
public static class DailyBenchmark
{
    private static readonly DailyPartition Day = DailyPartition.Parse("2026-11-25");
    private static readonly DailyPartition DayBefore = new(NyseCalendar.PreviousTradingDay(Day.Date));

    // Older than staging's default retention (31 days) before the day before, so that day's fact step prunes it.
    private static readonly DailyPartition History = new(NyseCalendar.PreviousTradingDay(Day.Date.AddDays(-42)));

    private const string SimulatorCpu = "simulator CPU s (the API's stand-in)";

    private const string PricePage = "price page read:";

    private static IReadOnlyList<DailyPartition> TimedDays(int count)
    {
        var days = new List<DailyPartition> { Day };
        while (days.Count < count)
        {
            days.Add(new DailyPartition(NyseCalendar.NextTradingDay(days[^1].Date)));
        }

        return days;
    }

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var symbols = Enumerable.Range(0, options.Int("symbols")).Select(i => $"S{i:D3}").ToList();
        var years = new[] { options.Int("short-years"), options.Int("years") }.Distinct().ToList();
        var restated = symbols.Take(Math.Max(1, symbols.Count / 100)).ToList();

        await using var postgres = await PostgresServer.StartAsync(CancellationToken.None, durable: true, StatementTimes.ServerOptions);
        await using var s3 = await S3Emulator.StartAsync(CancellationToken.None);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var simulator = SimulatorApp.Build(["--urls", url], b =>
        {
            b.Configuration.AddInMemoryCollection(
            [
                KeyValuePair.Create<string, string?>($"{SimulatorOptions.Section}:TimeTravel", "true"),
                .. restated.Select(s => KeyValuePair.Create<string, string?>($"{SimulatorOptions.Section}:Faults:{s}", "restate")),
            ]);
            b.Logging.ClearProviders();
        });
        await simulator.StartAsync();

        var runs = new List<DailyRun>();
        foreach (var length in years)
        {
            var settings = await postgres.CreateDatabaseAsync(CancellationToken.None);
            foreach (var (key, value) in await s3.CreateBucketAsync(CancellationToken.None))
            {
                settings[key] = value;
            }

            settings[SettingKeys.MarketApiBaseUrl] = url;
            settings[SettingKeys.MarketApiTimeTravel] = "true";
            settings[SettingKeys.MarketSymbols] = string.Join(',', symbols);
            settings[SettingKeys.MarketApiRequestsPerMinute] = "100000";
            settings[SettingKeys.MarketApiRequestsPerDay] = "0";
            settings[SettingKeys.MarketApiConcurrency] = "16";
            settings[SettingKeys.EnvFile] = "none";
            settings[SettingKeys.WarehouseStagingRetentionDays] = "1";
            settings["Logging__LogLevel__Default"] = "Warning";

            var warehouse = postgres.ConnectionString(settings[SettingKeys.RedshiftDb]!);
            var watch = Stopwatch.StartNew();
            var bars = await SeedHistoryAsync(postgres, s3, settings, symbols, length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"daily: {length} year(s): {bars:N0} bars of {symbols.Count} symbols and their corporate actions loaded in {watch.Elapsed.TotalSeconds:0.0} s"));
            watch.Restart();
            await RunServicesAsync(DayBefore, settings);
            var compaction = await MaintainAsync(warehouse);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"daily: {length} year(s): {DayBefore} run (staging {compaction ?? "not rewritten"}) and the server's maintenance done in {watch.Elapsed.TotalSeconds:0.0} s"));
            var days = new List<DailyRun>();
            foreach (var day in TimedDays(options.Int("days")))
            {
                days.Add(await RunDayAsync(warehouse, s3, settings, day, length, symbols[^1]));
                if (options.Int("explain") == 1)
                {
                    await FactPlans.PrintAsync(warehouse, day.Key, $"{length}y");
                    await CuratedPlans.PrintAsync(warehouse, day, $"{length}y");
                }
            }

            runs.Add(DailyRun.Median(days));
        }

        Print(runs);
        PrintStatements(runs, options.Int("statements"));
        return 0;
    }

    /// <summary>
    /// A history length's daily run: each job's time and peak memory, each step's time, what it wrote, and the server's
    /// time per statement (milliseconds).
    /// </summary>
    private sealed record DailyRun(
        int Years, List<(string Name, double Seconds, double PeakMb)> Jobs, Dictionary<string, double> Steps, Dictionary<string, long> Rows,
        long LakeBytes, double PriceSeconds, Dictionary<string, double> Statements)
    {
        /// <summary>Each figure's median over the days (the upper one of an even count).</summary>
        public static DailyRun Median(List<DailyRun> days)
        {
            static T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(values.Count() / 2);
            var first = days[0];
            return new DailyRun(
                first.Years,
                first.Jobs.Select(j => (j.Name, Mid(days.Select(d => d.Jobs.Single(x => x.Name == j.Name).Seconds)), Mid(days.Select(d => d.Jobs.Single(x => x.Name == j.Name).PeakMb)))).ToList(),
                first.Steps.Keys.ToDictionary(k => k, k => Mid(days.Select(d => d.Steps.GetValueOrDefault(k)))),
                first.Rows.Keys.ToDictionary(k => k, k => Mid(days.Select(d => d.Rows.GetValueOrDefault(k)))),
                Mid(days.Select(d => d.LakeBytes)),
                Mid(days.Select(d => d.PriceSeconds)),
                days.SelectMany(d => d.Statements.Keys).Distinct().ToDictionary(k => k, k => Mid(days.Select(d => d.Statements.GetValueOrDefault(k)))));
        }
    }

    private static async Task<long> SeedHistoryAsync(PostgresServer postgres, S3Emulator s3Server, Dictionary<string, string?> settings, List<string> symbols, int years)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using (var db = new WarehouseDatabase(WarehouseSettings.From(config), "bench"))
        {
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        // The prices, landed whole (as `history` lands them); the corporate actions from the simulator, prices left alone.
        using var s3 = s3Server.CreateClient();
        long bars = 0;
        await Parallel.ForEachAsync(symbols, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (symbol, ct) =>
        {
            var series = PriceSeriesGenerator.Generate(symbol, History.Date, years * 252);
            var buffer = new ArrayBufferWriter<byte>(1 << 20);
            PriceSeriesGenerator.WriteDailySeries(buffer, symbol, series, full: true);
            using var body = new MemoryStream(buffer.WrittenSpan.ToArray());
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = settings[SettingKeys.BucketName], Key = $"raw/stock_data/{History}/{symbol}.json", InputStream = body }, ct);
            Interlocked.Add(ref bars, series.Count);
        });

        await RunAsync("Orchestrator", new MaterializeRequest(History, MarketAssets.RawCorporateActions) { Downstream = false }.Arguments, settings);
        await RunAsync("Warehouse", ["--partition", History.Key], settings);
        return bars;
    }

    private static async Task<DailyRun> RunDayAsync(string warehouse, S3Emulator s3Server, Dictionary<string, string?> settings, DailyPartition day, int years, string symbol)
    {
        using var s3 = s3Server.CreateClient();
        var bucket = settings[SettingKeys.BucketName]!;
        var before = await LakeAsync(s3, bucket);
        await StatementTimes.ResetAsync(warehouse);
        var since = DateTimeOffset.UtcNow;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jobs = await RunServicesAsync(day, settings);
        // This process only serves the simulator while the jobs run: its CPU is the simulator's, on the jobs' two cores.
        var simulatorCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var statements = await StatementTimes.ReadAsync(warehouse);

        var after = await LakeAsync(s3, bucket);
        var lakeBytes = after.Where(o => !before.TryGetValue(o.Key, out var was) || was != o.Value).Sum(o => o.Value.Size);

        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync();
        var (steps, rows) = await StepsAsync(connection, since);
        steps[SimulatorCpu] = simulatorCpu;
        await PrintMaintenanceAsync(connection, $"{years} y {day}", since);

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var db = new WarehouseDatabase(WarehouseSettings.From(config), "bench");
        var reader = new CatalogReader(db.DataSource, new MetaStore(db.DataSource, db.Dialect), MarketAssets.Graph);
        // What the price page reads: the symbols, one symbol's last year, the failed checks over it; each read's median.
        var reads = new (string Name, Func<Task> Read)[]
        {
            ("symbols", () => reader.SymbolsAsync(CancellationToken.None)),
            ("prices", () => reader.PricesAsync(symbol, day.Date.AddYears(-1), CancellationToken.None)),
            ("failed checks", () => reader.FailedChecksAsync(day.Date.AddYears(-1), CancellationToken.None)),
        };
        var times = reads.ToDictionary(r => r.Name, _ => new List<double>());
        for (var i = 0; i < 5; i++)
        {
            foreach (var (name, read) in reads)
            {
                var watch = Stopwatch.StartNew();
                await read();
                times[name].Add(watch.Elapsed.TotalSeconds);
            }
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        foreach (var (name, values) in times)
        {
            steps[$"{PricePage} {name}"] = Median(values);
        }

        var page = Enumerable.Range(0, 5).Select(i => times.Values.Sum(v => v[i])).ToList();
        return new DailyRun(years, jobs, steps, rows, lakeBytes, Median(page), statements);
    }

    /// <summary>Runs each service's job for the partition in the graph's order; returns each one's time and peak memory.</summary>
    private static async Task<List<(string Name, double Seconds, double PeakMb)>> RunServicesAsync(DailyPartition partition, Dictionary<string, string?> settings)
    {
        var jobs = new List<(string, double, double)>();
        foreach (var service in MarketAssets.Graph.ServicesInOrder)
        {
            // The quality service may fail its ERROR checks (the restated bars are older than the tolerance allows): it is timed all the same.
            var (seconds, peak) = await RunAsync(service.Project, ["--partition", partition.Key], settings, mayFail: service.Name == MarketAssets.Quality);
            jobs.Add((service.Project, seconds, peak));
        }

        return jobs;
    }

    /// <summary>The maintenance the history's load calls for, done at once so that autovacuum does not land in a timed day.</summary>
    private static async Task<string?> MaintainAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        // What the day before's fact step did with staging once it had pruned the history's landing.
        await using var read = new NpgsqlCommand(
            "SELECT metadata->>'staging_compaction' FROM market_meta.materializations WHERE asset = 'fct_stock_prices' ORDER BY started_at DESC LIMIT 1", connection);
        return await read.ExecuteScalarAsync() as string;
    }

    /// <summary>
    /// The server's own maintenance of the two large tables while the day ran (autovacuum and autoanalyze), which a step's
    /// time includes when it lands in it.
    /// </summary>
    private static async Task PrintMaintenanceAsync(NpgsqlConnection connection, string day, DateTimeOffset since)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT relname, last_autovacuum, last_autoanalyze, last_analyze
            FROM pg_stat_user_tables WHERE schemaname = 'market_data' AND relname IN ('fct_stock_prices', 'stg_stock_prices') ORDER BY relname
            """, connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            string When(int i) => reader.IsDBNull(i) ? "never" : reader.GetFieldValue<DateTimeOffset>(i) is var at && at >= since
                ? $"during the day (+{(at - since).TotalSeconds:F1} s)" : "before the day";
            Console.WriteLine($"daily: {day} {reader.GetString(0)}: autovacuum {When(1)}, autoanalyze {When(2)}, analyze {When(3)}");
        }
    }

    /// <summary>Each asset's recorded duration and each check's (the time since the evaluation before it), and the rows each asset wrote.</summary>
    private static async Task<(Dictionary<string, double> Steps, Dictionary<string, long> Rows)> StepsAsync(NpgsqlConnection connection, DateTimeOffset since)
    {
        var steps = new Dictionary<string, double>();
        var rows = new Dictionary<string, long>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT asset, (metadata->>'duration_ms')::float8 / 1000,
                   COALESCE((metadata->>'staged_rows')::bigint, (metadata->>'rows_new')::bigint + (metadata->>'rows_revised')::bigint, (metadata->>'rows')::bigint, 0)
            FROM market_meta.materializations WHERE started_at >= @since ORDER BY started_at
            """, connection))
        {
            cmd.Parameters.AddWithValue("since", since);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps[reader.GetString(0)] = reader.GetDouble(1);
                rows[reader.GetString(0)] = reader.GetInt64(2);
            }
        }

        await using (var cmd = new NpgsqlCommand(
            "SELECT COALESCE(sum((metadata->>'staged_rows_pruned')::bigint), 0) FROM market_meta.materializations WHERE started_at >= @since AND asset = 'fct_stock_prices'",
            connection))
        {
            cmd.Parameters.AddWithValue("since", since);
            rows["(staged rows pruned)"] = Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await using (var cmd = new NpgsqlCommand(
            """
            SELECT 'check ' || e.check_name, EXTRACT(EPOCH FROM e.evaluated_at - COALESCE(LAG(e.evaluated_at) OVER (ORDER BY e.evaluated_at), r.started_at))
            FROM market_meta.check_evaluations e JOIN market_meta.runs r ON r.run_id = e.run_id
            WHERE e.evaluated_at >= @since ORDER BY e.evaluated_at
            """, connection))
        {
            cmd.Parameters.AddWithValue("since", since);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps[reader.GetString(0)] = (double)reader.GetDecimal(1);
            }
        }

        return (steps, rows);
    }

    private static async Task<Dictionary<string, (long Size, string ETag)>> LakeAsync(Amazon.S3.IAmazonS3 s3, string bucket)
    {
        var objects = new Dictionary<string, (long, string)>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
            foreach (var o in page.S3Objects ?? [])
            {
                objects[o.Key] = (o.Size ?? 0, o.ETag);
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return objects;
    }

    /// <summary>Runs a service binary to completion (it must succeed) and samples its peak resident memory.</summary>
    private static async Task<(double Seconds, double PeakMb)> RunAsync(string project, IEnumerable<string> args, Dictionary<string, string?> settings, bool mayFail = false)
    {
        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        var job = Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, project + ".dll"), .. args])
            .WithEnvironmentVariables(settings)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        long peakKb = 0;
        while (!job.Task.IsCompleted)
        {
            peakKb = Math.Max(peakKb, ProcessMemory.PeakKb(job.ProcessId));
            await Task.Delay(20);
        }

        var result = await job;
        return result.ExitCode == 0 || (mayFail && result.ExitCode == JobExitCodes.Failed)
            ? (watch.Elapsed.TotalSeconds, peakKb / 1024.0)
            : throw new InvalidOperationException($"{project} {string.Join(' ', args)} failed ({result.ExitCode}):\n{output}");
    }

    private static void Print(List<DailyRun> runs)
    {
        var first = runs[0];
        var header = string.Join(" ", runs.Select(r => $"{r.Years + "y s",10}")) + (runs.Count > 1 ? $" {"ratio",7}" : "");
        Console.WriteLine($"daily: {"step",-34} {header}");
        void Row(string name, Func<DailyRun, double> value, string format = "0.000")
        {
            var cells = string.Join(" ", runs.Select(r => value(r).ToString(format, CultureInfo.InvariantCulture).PadLeft(10)));
            var ratio = runs.Count > 1 && value(first) > 0 ? (value(runs[^1]) / value(first)).ToString("0.00", CultureInfo.InvariantCulture).PadLeft(7) : "";
            Console.WriteLine($"daily: {name,-34} {cells} {ratio}");
        }

        foreach (var (name, _, _) in first.Jobs)
        {
            Row($"job {name}", r => r.Jobs.Single(j => j.Name == name).Seconds);
        }

        foreach (var step in first.Steps.Keys)
        {
            Row(step.StartsWith("check ", StringComparison.Ordinal) || step == SimulatorCpu || step.StartsWith(PricePage, StringComparison.Ordinal) ? $"  {step}" : $"  asset {step}", r => r.Steps.GetValueOrDefault(step));
        }

        Row("catalog price page (median of 5 reads)", r => r.PriceSeconds);
        foreach (var asset in first.Rows.Keys)
        {
            Row($"rows written {asset}", r => r.Rows.GetValueOrDefault(asset), "0");
        }

        Row("lake bytes written", r => r.LakeBytes, "0");
        foreach (var (name, _, _) in first.Jobs)
        {
            Row($"peak MB {name}", r => r.Jobs.Single(j => j.Name == name).PeakMb, "0");
        }
    }

    /// <summary>The statements that took the server longest at the longer history, with their time at each length (ms per day).</summary>
    private static void PrintStatements(List<DailyRun> runs, int count)
    {
        var longest = runs[^1];
        Console.WriteLine($"statements: {"ms per day",-10} " + string.Join(" ", runs.Select(r => $"{r.Years + "y",8}")) + $" {"ratio",6}  statement");
        foreach (var (sql, _) in longest.Statements.OrderByDescending(s => s.Value).Take(count))
        {
            var cells = string.Join(" ", runs.Select(r => r.Statements.GetValueOrDefault(sql).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(8)));
            var shortest = runs[0].Statements.GetValueOrDefault(sql);
            var ratio = shortest > 0 ? (longest.Statements[sql] / shortest).ToString("0.00", CultureInfo.InvariantCulture) : "";
            Console.WriteLine($"statements: {"",-10} {cells} {ratio,6}  {(sql.Length > 150 ? sql[..150] + "..." : sql)}");
        }
    }
}
