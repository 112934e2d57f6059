namespace MarketAspire.AssetGraph.Graph;

public enum CheckSeverity
{
    Warn,
    Error,
}

/// <summary>A data-quality check attached to an asset. An ERROR check that fails fails the run.</summary>
/// <param name="Service">The service that evaluates the check (it runs after the asset's materializer).</param>
public sealed record AssetCheckDefinition(string Name, AssetKey Asset, CheckSeverity Severity, string Service, string Description);
