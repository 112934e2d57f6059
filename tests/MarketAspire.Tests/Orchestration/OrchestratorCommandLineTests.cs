namespace MarketAspire.Tests.Orchestration;

/// <summary>The Orchestrator binary's command line as a user meets it.</summary>
public class OrchestratorCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_typo_in_an_option_stops_before_any_work_and_suggests_the_option()
    {
        var result = await Infrastructure.ProcessRun.ServiceAsync("Orchestrator", ["backfill", "--concurency", "4"], new Dictionary<string, string?>(), Ct);

        Assert.Equal(JobHosting.Jobs.JobExitCodes.NotStarted, result.ExitCode);
        Assert.Contains("'--concurency' was not matched. Did you mean one of the following?\n--concurrency", result.All);
    }

    [Fact]
    public async Task Help_lists_every_command_and_every_option()
    {
        var root = await Infrastructure.ProcessRun.ServiceAsync("Orchestrator", ["--help"], new Dictionary<string, string?>(), Ct);
        var backfill = await Infrastructure.ProcessRun.ServiceAsync("Orchestrator", ["backfill", "--help"], new Dictionary<string, string?>(), Ct);

        Assert.Equal((0, 0), (root.ExitCode, backfill.ExitCode));
        Assert.All(new[] { "backfill", "materialize", "history", "status" }, c => Assert.Contains($"  {c} ", root.All));
        Assert.All(new[] { "--from", "--to", "--asset", "--downstream", "--concurrency", "--force", "--calendar-days", "--yes" },
            o => Assert.Contains($"  {o} ", backfill.All));
    }
}
