using System.Diagnostics;
using System.Globalization;
using System.Net;
using CliWrap;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Benchmarks;

/// <summary>
/// Each service's process start-up on a trivial partition (one symbol's <c>compact</c> answer), per way of building and
/// starting it (<see cref="StartupVariant"/>): the time from starting the process to its first statement (its first
/// connection to the warehouse, the lake or the market API, seen by a <see cref="FirstContact"/> port in front of each)
/// and to its exit; and for each published bundle, its Lambda INIT (start to its first <c>invocation/next</c>, against
/// a Runtime API that never sends an event). Rounds alternate the variants so load on the machine spreads over all.
/// </summary>
public static class StartupBenchmark
{
    private static readonly DailyPartition Day = DailyPartition.Parse("2026-11-25");

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var variants = StartupVariant.All(composite: options.Int("composite") == 1, trimmed: options.Int("trimmed") == 1, aot: options.Int("aot") == 1);
        var projects = MarketAssets.Graph.ServicesInOrder.Select(s => s.Project).ToList();
        await PublishAsync(variants, projects, options.Int("publish"));

        await using var postgres = await PostgresServer.StartAsync(CancellationToken.None);
        await using var s3 = await S3Emulator.StartAsync(CancellationToken.None);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        await using var simulator = SimulatorApp.Build(["--urls", url], b =>
        {
            b.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>($"{SimulatorOptions.Section}:TimeTravel", "true")]);
            b.Logging.ClearProviders();
        });
        await simulator.StartAsync();

        var settings = await postgres.CreateDatabaseAsync(CancellationToken.None);
        foreach (var (key, value) in await s3.CreateBucketAsync(CancellationToken.None))
        {
            settings[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using (var db = new WarehouseDatabase(WarehouseSettings.From(config), "bench"))
        {
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        await using var warehouse = new FirstContact(new IPEndPoint(IPAddress.Loopback, postgres.Port));
        await using var lake = new FirstContact(new IPEndPoint(IPAddress.Loopback, s3.Port));
        await using var api = new FirstContact(new IPEndPoint(IPAddress.Loopback, new Uri(url).Port));
        FirstContact[] servers = [warehouse, lake, api];
        settings[SettingKeys.RedshiftPort] = warehouse.Port.ToString(CultureInfo.InvariantCulture);
        settings[SettingKeys.S3Endpoint] = $"http://127.0.0.1:{lake.Port}";
        settings[SettingKeys.MarketApiBaseUrl] = $"http://127.0.0.1:{api.Port}";
        settings[SettingKeys.MarketApiTimeTravel] = "true";
        settings[SettingKeys.MarketSymbols] = "IBM";
        settings[SettingKeys.EnvFile] = "none";
        settings["Logging__LogLevel__Default"] = "Warning";

        // One untimed run of each service lands and loads the partition: every timed run is then the same re-run.
        foreach (var project in projects)
        {
            var (_, _, code) = await RunJobAsync(StartupVariant.BuildOutput, project, settings, servers);
            Console.WriteLine($"startup: {project} landed and loaded the partition (exit code {code})");
        }

        var jobs = new Dictionary<(string Variant, string Project), List<(double First, double Exit, int Code)>>();
        var inits = new Dictionary<(string Variant, string Project), List<double>>();
        var failed = new HashSet<(string, string)>();
        for (var round = 0; round < options.Int("rounds"); round++)
        {
            foreach (var project in projects)
            {
                foreach (var variant in variants.Where(v => v.Exists(project) && !failed.Contains((v.Name, project))))
                {
                    try
                    {
                        Add(jobs, (variant.Name, project), await RunJobAsync(variant, project, settings, servers));
                    }
                    catch (StartupFailedException ex)
                    {
                        // Not measurable (a Native AOT bundle whose trimmed code fails): said once, then left out.
                        Console.WriteLine($"startup: {project} ({variant.Name}) failed, left out: {ex.Message.Split('\n')[1]}");
                        failed.Add((variant.Name, project));
                        continue;
                    }

                    if (variant.Bundle is not null)
                    {
                        Add(inits, (variant.Name, project), await LambdaInitAsync(variant, project, settings));
                    }
                }
            }
        }

        Print(variants, projects, jobs, inits);
        return 0;
    }

    private static void Add<T>(Dictionary<(string, string), List<T>> figures, (string, string) key, T value)
    {
        if (!figures.TryGetValue(key, out var list))
        {
            figures[key] = list = [];
        }

        list.Add(value);
    }

    /// <param name="publish">0: none (a bundle not there is not measured), 1: the bundles not there yet, 2: all again.</param>
    private static async Task PublishAsync(IReadOnlyList<StartupVariant> variants, List<string> projects, int publish)
    {
        foreach (var variant in variants.Where(v => v.Bundle is not null).DistinctBy(v => v.Bundle))
        {
            foreach (var project in projects)
            {
                var watch = Stopwatch.StartNew();
                var output = publish == 2 || (publish == 1 && !variant.Exists(project)) ? await variant.PublishAsync(project, CancellationToken.None) : null;
                if (!variant.Exists(project))
                {
                    continue;
                }

                var folder = new DirectoryInfo(variant.Folder(project));
                var megabytes = folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / (1024.0 * 1024);
                var warnings = output?.Split('\n').Count(line => line.Contains(" warning IL", StringComparison.Ordinal)) ?? 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"startup: {variant.Bundle}/{project}: {(output is null ? "published before" : $"published in {watch.Elapsed.TotalSeconds:0} s")}, {megabytes:0} MB{(warnings > 0 ? $", {warnings} trim/AOT warnings" : "")}"));
            }
        }
    }

    /// <summary>One run of the service on the partition: seconds to its first statement and to its exit, and its exit code.</summary>
    private static async Task<(double First, double Exit, int Code)> RunJobAsync(StartupVariant variant, string project, Dictionary<string, string?> settings, FirstContact[] servers)
    {
        foreach (var server in servers)
        {
            server.Reset();
        }

        var (file, arguments) = variant.Command(project, ["--partition", Day.Key]);
        var output = new System.Text.StringBuilder();
        var started = Stopwatch.GetTimestamp();
        var result = await Cli.Wrap(file)
            .WithArguments(arguments)
            .WithEnvironmentVariables(new Dictionary<string, string?>(settings.Concat(variant.Environment)))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        var exit = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // A failed run is timed all the same and its exit code printed (a trivial partition may fail a quality check).
        return servers.Min(s => s.First) is { } first
            ? (Stopwatch.GetElapsedTime(started, first).TotalSeconds, exit, result.ExitCode)
            : throw new StartupFailedException($"{project} ({variant.Name}) exited ({result.ExitCode}) before reaching any server:\n{output}");
    }

    /// <summary>The bundle's INIT as Lambda would start it (its <c>bootstrap</c>'s binary, the deployed variables).</summary>
    private static async Task<double> LambdaInitAsync(StartupVariant variant, string project, Dictionary<string, string?> settings)
    {
        await using var runtimeApi = new FirstContact(server: null);
        var environment = new Dictionary<string, string?>(settings.Concat(variant.Environment))
        {
            [SettingKeys.Deployment] = "aws",
            [SettingKeys.RedshiftPassword] = null,
            [SettingKeys.RedshiftPassword + SettingKeys.SecretArnSuffix] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:warehouse",
            [SettingKeys.MarketApiKey + SettingKeys.SecretArnSuffix] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key",
            [SettingKeys.RedshiftIamRoleArn] = "arn:aws:iam::123456789012:role/copy",
            [LambdaRuntime.ApiVariable] = $"127.0.0.1:{runtimeApi.Port}",
            ["AWS_LAMBDA_FUNCTION_NAME"] = project,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "1024",
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
        };
        var (file, arguments) = variant.Command(project, []);
        using var stop = new CancellationTokenSource();
        var output = new System.Text.StringBuilder();
        var started = Stopwatch.GetTimestamp();
        var process = Cli.Wrap(file)
            .WithArguments(arguments)
            .WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(stop.Token);
        while (runtimeApi.First is null && !process.Task.IsCompleted && Stopwatch.GetElapsedTime(started) < LambdaInitLimit)
        {
            await Task.Delay(2);
        }

        var first = runtimeApi.First;
        await stop.CancelAsync();
        try
        {
            await process;
        }
        catch (OperationCanceledException)
        {
            // Killed once INIT was over, as the measurement needs no invocation.
        }

        return first is { } reached
            ? Stopwatch.GetElapsedTime(started, reached).TotalSeconds
            : throw new InvalidOperationException($"{project} ({variant.Name}) did not reach invocation/next:\n{output}");
    }

    private static readonly TimeSpan LambdaInitLimit = TimeSpan.FromSeconds(10);

    private static void Print(
        IReadOnlyList<StartupVariant> variants, List<string> projects,
        Dictionary<(string Variant, string Project), List<(double First, double Exit, int Code)>> jobs, Dictionary<(string Variant, string Project), List<double>> inits)
    {
        static string Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Count / 2] * 1000:0} ({sorted[0] * 1000:0}-{sorted[^1] * 1000:0})");
        }

        Console.WriteLine($"startup: medians in ms (min-max) over {jobs.First().Value.Count} rounds; load: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"startup: {"service",-10} {"variant",-34} {"first statement",-20} {"exit",-20} {"Lambda INIT",-20} exit codes");
        foreach (var project in projects)
        {
            foreach (var variant in variants.Where(v => jobs.ContainsKey((v.Name, project))))
            {
                var runs = jobs[(variant.Name, project)];
                var init = inits.TryGetValue((variant.Name, project), out var values) ? Median(values) : "-";
                var codes = string.Join(",", runs.Select(r => r.Code).Distinct());
                Console.WriteLine($"startup: {project,-10} {variant.Name,-34} {Median([.. runs.Select(r => r.First)]),-20} {Median([.. runs.Select(r => r.Exit)]),-20} {init,-20} {codes}");
            }
        }
    }
}

/// <summary>A service's process that ended before it reached any server: nothing to time.</summary>
public sealed class StartupFailedException(string message) : Exception(message);
