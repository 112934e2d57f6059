using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Listings;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.CorporateActions;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Warehouse.Securities;

/// <summary>
/// Materializes <c>dim_securities</c> for a landing date from its raw LISTING_STATUS lists, in one transaction under the
/// table's lock. Each list is parsed (rejects with their reason go to a rejects file in the lake), registered, and its
/// state's versions rebuilt, so any set of landing dates loads to the same history in any order. A list rejected whole
/// or without a valid row does not count: the previous universe stays.
/// </summary>
public sealed class SecuritiesLoader(IAmazonS3 s3, LakeSettings lake, WarehouseDatabase warehouse, IWarehouseDialect dialect, TimeProvider time)
{
    public async Task<SecuritiesLoad> LoadAsync(DailyPartition partition, string runId, CancellationToken ct)
    {
        var lists = new List<(ParsedListing Parsed, string Version)>();
        foreach (var state in LakeKeys.ListingStates)
        {
            var key = LakeKeys.ListingStatusObject(partition, state);
            if (!(await RawObjects.ListKeysAsync(s3, lake.BucketName, key, ct)).Contains(key))
            {
                lists.Add((new ParsedListing(key, state), ""));
                continue;
            }

            using var body = await RawObjects.ReadAsync(s3, lake, key, ct);
            lists.Add((ListingStatusParser.Parse(key, state, body.Memory), RawObjectVersion.Of(Convert.ToHexStringLower(SHA256.HashData(body.Span)), body.FetchedAt)));
        }

        var present = lists.Where(l => l.Version.Length > 0).ToList();
        var changes = await WarehouseRetry.ExecuteAsync(warehouse, $"dim_securities {partition}", token => ApplyAsync(lists, partition, runId, token), ct);

        var rejectsKey = LakeKeys.ListingStatusRejects(partition, runId);
        var rejects = present.SelectMany(l => l.Parsed.AllRejects).Select(r => new RejectedRow(r.Key, r.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Symbol is null ? r.Reason : $"{r.Symbol}: {r.Reason}", r.Text));
        using (var file = new MemoryStream(RejectsFile.Of(rejects)))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = lake.BucketName, Key = rejectsKey, InputStream = file, ContentType = "application/x-ndjson" }, ct);
        }

        return new SecuritiesLoad([.. present.Select(l => l.Parsed)], rejectsKey, changes.Deleted, changes.Inserted, [.. present.Select(l => (LakeKeys.ListingStatusLabel(l.Parsed.State), l.Version))]);
    }

    private async Task<(int Deleted, int Inserted)> ApplyAsync(List<(ParsedListing Parsed, string Version)> lists, DailyPartition partition, string runId, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, SecuritiesSql.Table, partition, ct);
        var loadedAt = time.GetUtcNow();
        var registered = await SecurityVersionStore.StatesOfLandingAsync(connection, tx, partition, ct);
        var (deleted, inserted) = (0, 0);
        foreach (var (parsed, version) in lists)
        {
            // A list this landing date no longer holds, but an earlier load registered, is withdrawn (the warehouse follows the lake).
            if (version.Length == 0 && !registered.Contains(parsed.State))
            {
                continue;
            }

            var lineage = version.Length == 0 ? null : new ListLineage(parsed.Key, version[..16], runId, loadedAt);
            var (d, i) = await SecurityVersionStore.ApplyAsync(connection, tx, parsed, partition, lineage, ct);
            (deleted, inserted) = (deleted + d, inserted + i);
        }

        await tx.CommitAsync(ct);
        return (deleted, inserted);
    }
}

/// <param name="Lists">The parsed lists the landing date holds.</param>
/// <param name="Versions">(label, version) of each list object, as the extractor names them.</param>
public sealed record SecuritiesLoad(IReadOnlyList<ParsedListing> Lists, string RejectsKey, int VersionsDeleted, int VersionsInserted, IReadOnlyList<(string Label, string Version)> Versions)
{
    public string DataVersion => DataVersions.Of(Versions);
}
