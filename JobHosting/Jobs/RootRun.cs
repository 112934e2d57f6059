namespace MarketAspire.JobHosting.Jobs;

/// <summary>
/// The run a service's run is part of: the Orchestrator's backfill locally, the Step Functions execution when deployed
/// (job = its state machine, id = its ARN). Lineage names it as the root of every asset's and check's run.
/// </summary>
public sealed record RootRun(string Job, string RunId)
{
    /// <summary>An execution ARN, <c>arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME</c>, as the run of its state machine.</summary>
    public static RootRun OfExecution(string executionArn)
    {
        var parts = executionArn.Split(':');
        return new RootRun(parts.Length >= 8 && parts[5] == "execution" ? parts[6] : "stepfunctions", executionArn);
    }
}
