using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Listings;
using MarketAspire.Warehouse.Securities;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>dim_securities</c>: the landing date's LISTING_STATUS lists into the security master's history.</summary>
public sealed class DimSecuritiesAsset(SecuritiesLoader loader, SecuritiesParquet parquet, ILogger<DimSecuritiesAsset> logger) : IAsset
{
    public AssetKey Key => MarketAssets.DimSecurities;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var loaded = await loader.LoadAsync(context.Partition, context.RunId, ct);
        var curated = await parquet.WriteAsync(context.Partition, ct);
        var metadata = DimSecuritiesMetadata.Of(loaded) with { CuratedFile = LakeKeys.CuratedSecurities, CuratedRows = curated };
        WarehouseLog.Securities(logger, context.Partition.Key, metadata.Rows, metadata.RejectedRows, metadata.ListsKeptPrevious.Count);
        return new AssetOutput(loaded, metadata)
        {
            ObservedInputs = new Dictionary<AssetKey, string> { [MarketAssets.RawListingStatus] = loaded.DataVersion },
        };
    }
}

/// <param name="ListsKeptPrevious">The states whose list was rejected whole or had no valid row, so the previous universe stands for them.</param>
public sealed record DimSecuritiesMetadata(
    int Lists,
    int Rows,
    int RejectedRows,
    IReadOnlyList<string> ListsKeptPrevious,
    IReadOnlyList<ListingReject> Rejects,
    string RejectsFile,
    int VersionsClosedOrReplaced,
    int VersionsWritten)
{
    /// <summary>The universe as Parquet in the curated lake, rewritten by every run, and its rows.</summary>
    public string? CuratedFile { get; init; }

    public int? CuratedRows { get; init; }

    public static DimSecuritiesMetadata Of(SecuritiesLoad load)
    {
        var rejects = load.Lists.SelectMany(l => l.AllRejects).ToList();
        return new DimSecuritiesMetadata(
            load.Lists.Count,
            load.Lists.Where(l => l.ObjectError is null).Sum(l => l.Rows.Count),
            rejects.Count,
            [.. load.Lists.Where(l => l.ObjectError is not null || l.Rows.Count == 0).Select(l => $"{l.State}: {l.ObjectError ?? "no valid row"}")],
            [.. rejects.Take(20)],
            load.RejectsKey,
            load.VersionsDeleted,
            load.VersionsInserted);
    }
}
