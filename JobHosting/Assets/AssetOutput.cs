using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.JobHosting.Assets;

/// <summary>
/// What a materialization returns: its value (passed to downstream assets of the same run), its metadata (a typed
/// record, recorded with snake_case names), and what the runner cannot know by itself.
/// </summary>
/// <param name="Metadata">A record whose properties become the materialization's metadata (see <see cref="AssetMetadata"/>).</param>
public sealed record AssetOutput(object? Value, object Metadata)
{
    /// <summary>For an asset with no upstream: the version of what it now holds (a hash of its objects' contents).</summary>
    public string? ContentVersion { get; init; }

    /// <summary>The versions of upstream assets this run did not materialize, as the asset found them (the lake objects it read).</summary>
    public IReadOnlyDictionary<AssetKey, string> ObservedInputs { get; init; } = new Dictionary<AssetKey, string>();

    /// <summary>Set when the asset did part of its work and failed: it is recorded failed with its metadata, and its dependents stop.</summary>
    public AssetFailure? Failure { get; init; }
}

/// <summary>Why a materialization failed, and whether the cause stops every later run too (the API's quota).</summary>
public sealed record AssetFailure(string Reason, FailureKind Kind = FailureKind.Failed);
