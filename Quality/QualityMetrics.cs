using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Quality;

/// <summary>The checks' telemetry: a span per evaluation, and evaluations counted by check, severity and verdict.</summary>
public sealed class QualityMetrics
{
    public const string Name = "MarketAspire.Quality";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _evaluations;

    public QualityMetrics(IMeterFactory meters) =>
        _evaluations = meters.Create(Name).CreateCounter<long>("marketaspire.checks.evaluations", "{evaluation}", "Check evaluations, by check, severity and verdict.");

    public void Evaluated(AssetCheckDefinition check, bool passed) => _evaluations.Add(1,
        new KeyValuePair<string, object?>("check", check.Name),
        new KeyValuePair<string, object?>("severity", check.Severity.ToString().ToLowerInvariant()),
        new KeyValuePair<string, object?>("passed", passed));
}
