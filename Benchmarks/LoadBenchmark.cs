using System.Buffers;
using CliWrap;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.S3.Model;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketAspire.Benchmarks;

/// <summary>
/// Generates a partition in Alpha Vantage's format into the S3 emulator, loads it with the real Warehouse job
/// (staged → stg → fct), and compares its time with the floor: COPY of the same rows from a local CSV into an
/// unindexed table plus the same DELETE-INSERT, run directly in PostgreSQL.
/// </summary>
public static class LoadBenchmark
{
    private const string Partition = "2026-11-25";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var symbols = options.Int("symbols");
        var days = options.Int("days");
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
        var rows = await GenerateAsync(s3Server, settings["S3_BUCKET_NAME"]!, symbols, days, csv);
        Console.WriteLine($"load: generated {rows} rows ({symbols} symbols x {days} trading days) in Alpha Vantage's format");

        var (wall, peakMb) = await RunWarehouseJobAsync(settings);
        var steps = await StepDurationsAsync(postgres, settings);
        var pipeline = steps.Values.Sum();
        foreach (var (asset, seconds) in steps)
        {
            Console.WriteLine($"load: {asset,-20} s={seconds,7:0.000} rows/s={rows / seconds,12:N0}");
        }

        Console.WriteLine($"load: {"pipeline (3 steps)",-20} s={pipeline,7:0.000} rows/s={rows / pipeline,12:N0}   (process wall time incl. start-up {wall:0.000} s)");

        var (copy, deleteInsert) = await FloorAsync(postgres, settings, csv);
        File.Delete(csv);
        var floor = copy + deleteInsert;
        Console.WriteLine($"load: {"floor COPY csv",-20} s={copy,7:0.000} rows/s={rows / copy,12:N0}");
        Console.WriteLine($"load: {"floor DELETE-INSERT",-20} s={deleteInsert,7:0.000} rows/s={rows / deleteInsert,12:N0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: rows={rows} pipeline_s={pipeline:0.000} floor_s={floor:0.000} ratio={pipeline / floor:0.00} peak_mb={peakMb:0}"));
        return 0;
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
                    $"{Partition},{symbol},{b.Date:yyyy-MM-dd},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume},raw/stock_data/{Partition}/{symbol}.json,0123456789abcdef,bench\n");
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
            .WithEnvironmentVariables(new Dictionary<string, string?>(settings) { ["MARKET_ENV_FILE"] = "none", ["Logging__LogLevel__Default"] = "Warning" })
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        long peakKb = 0;
        while (!job.Task.IsCompleted)
        {
            peakKb = Math.Max(peakKb, ReadVmHwmKb(job.ProcessId));
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

    private static long ReadVmHwmKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<Dictionary<string, double>> StepDurationsAsync(PostgresServer postgres, Dictionary<string, string?> settings)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString(settings["REDSHIFT_DB"]!));
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT asset, (metadata->>'duration_ms')::float8 / 1000 FROM market_meta.materializations WHERE status = 'succeeded' ORDER BY started_at", connection);
        var steps = new Dictionary<string, double>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps[reader.GetString(0)] = reader.GetDouble(1);
        }

        return steps;
    }

    /// <summary>The floor: the same rows, the same table shapes, COPY from a local file and the same DELETE-INSERT.</summary>
    private static async Task<(double Copy, double DeleteInsert)> FloorAsync(PostgresServer postgres, Dictionary<string, string?> settings, string csvPath)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString(settings["REDSHIFT_DB"]!));
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand(
            """
            CREATE SCHEMA floor;
            CREATE UNLOGGED TABLE floor.stg (LIKE market_data.stg_stock_prices);
            CREATE TABLE floor.fct (LIKE market_data.fct_stock_prices INCLUDING ALL);
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginTextImportAsync(
            "COPY floor.stg (partition_date, symbol, price_date, open, high, low, close, volume, source_key, source_version, run_id) FROM STDIN (FORMAT csv)"))
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
                INSERT INTO floor.fct SELECT symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, now() FROM floor.stg;
                """, connection, tx);
            await deleteInsert.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        return (copy, watch.Elapsed.TotalSeconds);
    }
}
