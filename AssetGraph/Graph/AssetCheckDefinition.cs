namespace MarketAspire.AssetGraph.Graph;

public enum CheckSeverity
{
    Warn,
    Error,
}

/// <summary>A severity as <c>market_meta.check_evaluations</c> stores it (<c>WARN</c>, <c>ERROR</c>): the one conversion both ways.</summary>
public static class CheckSeverities
{
    public static string Stored(this CheckSeverity severity) => severity == CheckSeverity.Error ? "ERROR" : "WARN";

    public static CheckSeverity Parse(string stored) => stored switch
    {
        "ERROR" => CheckSeverity.Error,
        "WARN" => CheckSeverity.Warn,
        _ => throw new InvalidDataException($"A check evaluation has severity '{stored}'; the records know WARN and ERROR."),
    };
}

/// <summary>A data-quality check attached to an asset. An ERROR check that fails fails the run.</summary>
/// <param name="Service">The service that evaluates the check (it runs after the asset's materializer).</param>
public sealed record AssetCheckDefinition(string Name, AssetKey Asset, CheckSeverity Severity, string Service, string Description);
