using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;

namespace MarketAspire.JobHosting.Assets;

/// <summary>
/// The one rule for data versions: an asset with no upstream is versioned by what it observed (its objects' contents);
/// every other asset by its inputs' versions and its own code version, so a change upstream or in its code changes it.
/// </summary>
public static class AssetVersions
{
    public static string Of(AssetDefinition asset, IReadOnlyDictionary<AssetKey, string> inputs, string? contentVersion)
    {
        if (asset.Upstream.Count == 0)
        {
            return contentVersion
                ?? throw new InvalidOperationException($"Asset '{asset.Key}' has no upstream asset, so its materialization must say what it holds (ContentVersion).");
        }

        return DataVersions.Of([.. inputs.Select(i => (i.Key.Name, i.Value)), ("code", asset.CodeVersion)]);
    }
}
