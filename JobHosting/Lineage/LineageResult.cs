using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>How a run ended, in the terms its COMPLETE or FAIL event's facets carry. Everything but the error is optional.</summary>
public sealed record LineageResult
{
    /// <summary>Why the run failed (a FAIL event with an errorMessage facet); null for COMPLETE.</summary>
    public string? Error { get; init; }

    /// <summary>The data versions of the run's inputs and outputs, by dataset.</summary>
    public IReadOnlyDictionary<DatasetName, string> Versions { get; init; } = new Dictionary<DatasetName, string>();

    /// <summary>The columns of the datasets whose schema is known (the warehouse's tables), by dataset.</summary>
    public IReadOnlyDictionary<DatasetName, IReadOnlyList<LineageColumn>> Schemas { get; init; } = new Dictionary<DatasetName, IReadOnlyList<LineageColumn>>();

    /// <summary>What the materialization wrote to its output.</summary>
    public WrittenStatistics? Written { get; init; }

    /// <summary>A check's verdict on its input dataset.</summary>
    public CheckAssertion? Assertion { get; init; }
}

/// <summary>A check's verdict, as a dataQualityAssertions facet carries it.</summary>
public sealed record CheckAssertion(AssetCheckDefinition Check, bool Passed, string Summary);

/// <summary>Rows, bytes and files a materialization wrote (an outputStatistics facet); an unknown figure is null.</summary>
public sealed record WrittenStatistics(long? Rows = null, long? Bytes = null, long? Files = null);

/// <summary>
/// Implemented by an asset's metadata record, explicitly (so it is not recorded twice), to say what it wrote: the runner
/// puts it in the materialization's lineage event.
/// </summary>
public interface IWrittenStatistics
{
    WrittenStatistics Written { get; }
}
