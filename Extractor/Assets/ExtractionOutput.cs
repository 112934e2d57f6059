using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Extractor.Assets;

/// <summary>A raw asset's output: versioned by the objects it holds, failed when a symbol failed or remained, a spent quota said as such.</summary>
public static class ExtractionOutput
{
    public static AssetOutput Of(ExtractionResult result, StopSignal stop, bool countsRequests, string outputSize) =>
        new(result, ExtractionMetadata.Of(result, countsRequests, outputSize))
        {
            ContentVersion = result.DataVersion,
            Failure = result.Succeeded ? null : new AssetFailure(result.Summary(), stop.Kind),
        };
}
