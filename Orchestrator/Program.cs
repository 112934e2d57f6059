using System.CommandLine;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.Extractor.MarketApi;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Orchestrator;

// Backfills, one-off materializations, history and the status grid (Orchestrator --help lists them).
var cli = new OrchestratorCli(MarketAssets.Graph);
var parsed = cli.Root.Parse(args);
if (parsed.Errors.Count > 0 || parsed.Action is not null)
{
    // --help, or a malformed command line: System.CommandLine prints the errors with typo suggestions and the help.
    var exit = await parsed.InvokeAsync();
    return parsed.Errors.Count > 0 ? JobExitCodes.NotStarted : exit;
}

var builder = ProcessHost.CreateBuilder([]);
builder.AddDotEnvSettings().AddServiceDefaults();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddWarehouseDatabase("orchestrator");
using var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
try
{
    var command = OrchestratorCommand.Resolve(parsed, cli, MarketAssets.Graph, TimeProvider.System);
    await host.StartValidatedAsync(lifetime.ApplicationStopping);
    var ct = lifetime.ApplicationStopping;
    var meta = host.Services.GetRequiredService<MetaStore>();
    await host.Services.GetRequiredService<WarehouseDatabase>().EnsureReachableAsync(ct);
    if (command.Verb == OrchestratorVerbs.Status)
    {
        await meta.FailAbandonedRunsAsync(TimeProvider.System.GetUtcNow() - RunHeartbeat.StaleAfter(builder.Configuration), ct);
        var grid = await StatusReader.ReadAsync(meta, MarketAssets.Graph, command.Partitions, ct,
            FreshnessLookbackSetting.At(builder.Configuration, TimeProvider.System.GetUtcNow()));
        Console.Write(StatusRenderer.Render(grid, await meta.RecentRunsAsync(10, ct)));
        return JobExitCodes.Succeeded;
    }

    await using var runners = await ServiceRunners.StartAsync(builder.Configuration, MarketAssets.Graph, ServiceModules.All, ct);
    if (command.Verb == OrchestratorVerbs.History)
    {
        var history = await new HistoryLoader(runners, meta, TimeProvider.System, Console.Out, RunHeartbeat.Interval(builder.Configuration),
            MarketApiSettings.From(builder.Configuration)).RunAsync(command.Yes, ct);
        return await ReportAsync(command, history, ct);
    }

    var result = await new BackfillRunner(runners, meta, TimeProvider.System, Console.Out, RunHeartbeat.Interval(builder.Configuration),
        () => MarketApiSettings.From(builder.Configuration)).RunAsync(command, ct);
    return await ReportAsync(command, result, ct);
}
catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return JobExitCodes.NotStarted;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("Interrupted. Run the same command again to resume: completed partitions are skipped.");
    return JobExitCodes.Failed;
}
finally
{
    await host.StopAsync(CancellationToken.None);
}

static async Task<int> ReportAsync(OrchestratorCommand command, BackfillResult result, CancellationToken ct)
{
    if (command.ReportPath is { } path)
    {
        await result.ToReport().WriteAsync(path, ct);
    }

    return result.ExitCode;
}
