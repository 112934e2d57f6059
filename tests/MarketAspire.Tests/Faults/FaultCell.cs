using System.Text.RegularExpressions;

namespace MarketAspire.Tests.Faults;

public enum FaultedJob
{
    Extractor,
    Warehouse,
    Quality,
}

/// <summary>Where a step's traffic goes: the lake (S3) or the warehouse (PostgreSQL).</summary>
public enum Side
{
    Lake,
    Warehouse,
}

/// <summary>
/// A step of a job, and the traffic that only it sends: an S3 request line (<c>{bucket}</c> stands for the cell's bucket)
/// or SQL text. <see cref="Asset"/> is the asset whose materialization the step belongs to.
/// </summary>
public sealed record FaultStep(string Name, FaultedJob Job, Side Side, string Pattern, string Asset)
{
    /// <summary>The job is slowed (its raw downloads delayed) so that the step happens at all: heartbeats need a run that lasts.</summary>
    public bool Paced { get; init; }

    public Regex Trigger(string bucket) => new(Pattern.Replace("{bucket}", Regex.Escape(bucket), StringComparison.Ordinal));
}

/// <summary>What goes wrong, and the words a failure's message must contain to name it.</summary>
public sealed record Fault(string Name, string NamedBy)
{
    public int Status { get; init; }

    public string Code { get; init; } = "";

    public int Times { get; init; } = 1;

    /// <summary>The matching request the proxy's fault first fires on (2: the first of several identical ones passes).</summary>
    public int Nth { get; init; } = 1;

    public LocalServers.FaultKind? Kind { get; init; }

    public long AfterBytes { get; init; }

    public bool InBody { get; init; }

    public TimeSpan Duration { get; init; }

    public bool Restart { get; init; }

    /// <summary>Settings of the faulted run only (the re-run uses the defaults).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public bool IsS3Error => Status > 0;
}

public enum Expect
{
    /// <summary>Retried within bounds: the run succeeds.</summary>
    Survives,

    /// <summary>Either succeeds after retries, or fails cleanly with a message naming the fault and the step.</summary>
    SurvivesOrFailsCleanly,

    /// <summary>Must fail cleanly (a fault no bounded retry outlasts): the message names the fault and the step.</summary>
    FailsCleanly,
}

public sealed record FaultCell(FaultStep Step, Fault Fault, Expect Expect)
{
    public string Name => $"{Step.Name} × {Fault.Name}";

    public override string ToString() => Name;
}
