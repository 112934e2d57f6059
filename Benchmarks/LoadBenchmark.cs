using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CliWrap;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// Generates a partition in Alpha Vantage's format into the S3 emulator and loads it with the real Warehouse job
/// (staged → stg → fct) twice: fresh (an empty fact table) and re-landed unchanged (the same partition again). Each is
/// compared with the floor measured on the same server: <c>COPY</c> of the same rows as a 7-column CSV into an unindexed
/// table, then a DELETE-INSERT into a 7-column table keyed by (symbol, price_date).
/// </summary>
public static class LoadBenchmark
{
    private const string Partition = "2026-11-25";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var days = options.Int("days");
        var symbols = options.Int("rows") is > 0 and var wanted ? (wanted + days - 1) / days : options.Int("symbols");
        await using var postgres = await PostgresServer.StartAsync(CancellationToken.None, durable: true);
        await using var s3Server = await S3Emulator.StartAsync(CancellationToken.None);
        var settings = await postgres.CreateDatabaseAsync(CancellationToken.None);
        foreach (var (key, value) in await s3Server.CreateBucketAsync(CancellationToken.None))
        {
            settings[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using (var db = new WarehouseDatabase(WarehouseSettings.From(config), "bench"))
        {
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        var csv = Path.Combine(Path.GetTempPath(), $"marketaspire-floor-{Guid.NewGuid():N}.csv");
        var rows = await GenerateAsync(s3Server, settings[SettingKeys.BucketName]!, symbols, days, csv);
        Console.WriteLine($"load: generated {rows} rows ({symbols} symbols x {days} trading days) in Alpha Vantage's format");

        var fresh = await RunPipelineAsync("fresh", postgres, settings, rows);
        var reland = await RunPipelineAsync("reland", postgres, settings, rows);

        // After the timed runs: EXPLAIN ANALYZE executes the statements, and the rolled-back rows it leaves behind
        // would slow a run measured after it.
        if (options.Int("explain") > 0)
        {
            await FactPlans.PrintAsync(postgres.ConnectionString(settings[SettingKeys.RedshiftDb]!), Partition, "reland");
            await FactPlans.PrintAsync(postgres.ConnectionString(settings[SettingKeys.RedshiftDb]!), Partition, "fresh", fresh: true);
        }

        var floor = await FloorAsync(postgres, settings, csv, rows);
        File.Delete(csv);

        foreach (var (name, pipeline, floorSeconds) in new[] { ("fresh", fresh, floor.Fresh), ("reland", reland, floor.Reland) })
        {
            // The floor loads the rows; writing the curated Parquet afterwards is work it does not do, so the ratio leaves it out.
            var load = pipeline.WallSeconds - pipeline.CuratedSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load: {name} rows={rows} process_s={pipeline.WallSeconds:0.000} curated_s={pipeline.CuratedSeconds:0.000} load_s={load:0.000} " +
                $"floor_s={floorSeconds:0.000} ratio={load / floorSeconds:0.00} peak_mb={pipeline.PeakMb:0}"));
        }

        return 0;
    }

    /// <param name="CuratedSeconds">The curated_stock_prices step, which runs after the load.</param>
    private sealed record PipelineRun(double WallSeconds, double CuratedSeconds, double PeakMb);

    /// <summary>Runs the Warehouse job once and prints each step of this run (the materializations it recorded).</summary>
    private static async Task<PipelineRun> RunPipelineAsync(string name, PostgresServer postgres, Dictionary<string, string?> settings, long rows)
    {
        var since = DateTimeOffset.UtcNow;
        var (wall, peakMb) = await RunWarehouseJobAsync(settings);
        var steps = await StepDurationsAsync(postgres, settings, since);
        foreach (var (asset, seconds) in steps)
        {
            // The corporate-action steps find no objects in the generated partition: a rate would mean nothing.
            var rate = asset.StartsWith("fct_splits", StringComparison.Ordinal) || asset.StartsWith("fct_dividends", StringComparison.Ordinal)
                ? "" : $" rows/s={rows / seconds,12:N0}";
            Console.WriteLine($"load: {name,-6} {asset,-20} s={seconds,7:0.000}{rate}");
        }

        Console.WriteLine($"load: {name,-6} {"process",-20} s={wall,7:0.000} rows/s={rows / wall,12:N0}   (start-up included; peak {peakMb:0} MB)");
        return new PipelineRun(wall, steps.GetValueOrDefault(MarketAssets.CuratedStockPrices.Name), peakMb);
    }

    private static async Task<long> GenerateAsync(S3Emulator s3Server, string bucket, int symbols, int days, string csvPath)
    {
        using var s3 = s3Server.CreateClient();
        await using var csv = new StreamWriter(csvPath, false, new UTF8Encoding(false), 1 << 16);
        var asOf = DateOnly.Parse(Partition, CultureInfo.InvariantCulture);
        long rows = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, symbols), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var symbol = $"S{i:D4}";
            var bars = PriceSeriesGenerator.Generate(symbol, asOf, days);
            var buffer = new ArrayBufferWriter<byte>(1 << 20);
            PriceSeriesGenerator.WriteDailySeries(buffer, symbol, bars, full: true);
            using var body = new MemoryStream(buffer.WrittenSpan.ToArray());
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"raw/stock_data/{Partition}/{symbol}.json", InputStream = body }, ct);
            var text = new StringBuilder();
            foreach (var b in bars)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"{symbol},{b.Date:yyyy-MM-dd},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume}\n");
            }

            lock (csv)
            {
                csv.Write(text);
                rows += bars.Count;
            }
        });
        return rows;
    }

    /// <summary>Runs the Warehouse binary as its own process and samples its peak resident memory (VmHWM).</summary>
    private static async Task<(double WallSeconds, double PeakMb)> RunWarehouseJobAsync(Dictionary<string, string?> settings)
    {
        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        var job = Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "Warehouse.dll"), "--partition", Partition])
            .WithEnvironmentVariables(new Dictionary<string, string?>(settings) { [SettingKeys.EnvFile] = "none", ["Logging__LogLevel__Default"] = "Warning" })
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
        watch.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Warehouse job failed ({result.ExitCode}):\n{output}");
        }

        return (watch.Elapsed.TotalSeconds, peakKb / 1024.0);
    }

    private static async Task<Dictionary<string, double>> StepDurationsAsync(PostgresServer postgres, Dictionary<string, string?> settings, DateTimeOffset since)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString(settings[SettingKeys.RedshiftDb]!));
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT asset, (metadata->>'duration_ms')::float8 / 1000 FROM market_meta.materializations WHERE status = 'succeeded' AND started_at >= @since ORDER BY started_at", connection);
        cmd.Parameters.AddWithValue("since", since);
        var steps = new Dictionary<string, double>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps[reader.GetString(0)] = reader.GetDouble(1);
        }

        return steps;
    }

    /// <summary>
    /// The floor, fresh and re-landed: COPY of the rows as a 7-column CSV into an unindexed table, then DELETE-INSERT into
    /// a 7-column table with primary key (symbol, price_date), in one transaction; the second time into the full table.
    /// </summary>
    private static async Task<(double Fresh, double Reland)> FloorAsync(PostgresServer postgres, Dictionary<string, string?> settings, string csvPath, long rows)
    {
        // No command timeout: at 4,000,000 rows the blind DELETE-INSERT into the full table takes about 30 s, Npgsql's default.
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString(settings[SettingKeys.RedshiftDb]!)) { CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand(
            """
            CREATE SCHEMA floor;
            CREATE TABLE floor.stg (symbol varchar(16), price_date date, open numeric(18,4), high numeric(18,4), low numeric(18,4), close numeric(18,4), volume bigint);
            CREATE TABLE floor.fct (symbol varchar(16), price_date date, open numeric(18,4), high numeric(18,4), low numeric(18,4), close numeric(18,4), volume bigint,
                                    PRIMARY KEY (symbol, price_date));
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var fresh = await FloorOnceAsync(connection, csvPath, "fresh", rows);
        var reland = await FloorOnceAsync(connection, csvPath, "reland", rows);
        return (fresh, reland);
    }

    private static async Task<double> FloorOnceAsync(NpgsqlConnection connection, string csvPath, string name, long rows)
    {
        await using (var truncate = new NpgsqlCommand("TRUNCATE floor.stg", connection))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginTextImportAsync("COPY floor.stg FROM STDIN (FORMAT csv)"))
        {
            using var reader = new StreamReader(csvPath);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        var copy = watch.Elapsed.TotalSeconds;
        watch.Restart();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var deleteInsert = new NpgsqlCommand(
                """
                DELETE FROM floor.fct USING floor.stg s WHERE floor.fct.symbol = s.symbol AND floor.fct.price_date = s.price_date;
                INSERT INTO floor.fct SELECT * FROM floor.stg;
                """, connection, tx);
            await deleteInsert.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        var deleteInsertSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"load: {name,-6} {"floor COPY csv",-20} s={copy,7:0.000} rows/s={rows / copy,12:N0}");
        Console.WriteLine($"load: {name,-6} {"floor DELETE-INSERT",-20} s={deleteInsertSeconds,7:0.000} rows/s={rows / deleteInsertSeconds,12:N0}");
        return copy + deleteInsertSeconds;
    }
}
