using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Staging;
using Npgsql;

namespace MarketAspire.Warehouse.CorporateActions;

/// <summary>
/// Materializes <c>fct_splits</c> and <c>fct_dividends</c> for a landing date from its raw SPLITS and DIVIDENDS objects,
/// in one transaction under a lock: each list is registered and the symbol's history of that list rebuilt
/// (<see cref="ListHistory"/>), so the lists of any set of landing dates give the same versions whatever order they
/// load in. Rejected entries are reported with their reason; an object rejected whole, or a list with no valid entry,
/// withdraws nothing.
/// </summary>
public sealed class CorporateActionsLoader(IAmazonS3 s3, LakeSettings lake, WarehouseDatabase warehouse, IWarehouseDialect dialect, TimeProvider time)
{
    public async Task<CorporateActionsLoad> LoadAsync(DailyPartition partition, string runId, CancellationToken ct)
    {
        var objects = new List<(ParsedActions Parsed, string Version)>();
        foreach (var key in await ListAsync(partition, ct))
        {
            using var body = await RawObjects.ReadAsync(s3, lake, key, ct);
            var sha = Convert.ToHexStringLower(SHA256.HashData(body.Span));
            var parsed = CorporateActionKind.Parse(key) is { } named
                ? CorporateActionsParser.Parse(key, named.Symbol, named.Kind, body.Memory, partition)
                : new ParsedActions(key, "", CorporateActionKind.Splits) { ObjectError = "the object key does not name a symbol and a list (SYMBOL.splits.json or SYMBOL.dividends.json)" };
            objects.Add((parsed, RawObjectVersion.Of(sha, body.FetchedAt)));
        }

        // A broken connection or a restarted warehouse is retried: each list's history is rebuilt whole.
        var notAdjusting = await WarehouseRetry.ExecuteAsync(warehouse, $"fct_splits and fct_dividends {partition}", token => ApplyAsync(objects, partition, runId, token), ct);

        // Every rejected entry, however many, in the lake beside the staged prices' rejects.
        var rejectsKey = LakeKeys.CorporateActionsRejects(partition, runId);
        using (var rejects = new MemoryStream(RejectsFile.Of(CorporateActionKind.All.SelectMany(k => CorporateActionsLoad.RejectsOf(objects.Select(o => o.Parsed), k)))))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = lake.BucketName, Key = rejectsKey, InputStream = rejects, ContentType = "application/x-ndjson" }, ct);
        }

        return new CorporateActionsLoad(objects.Select(o => o.Parsed).ToList(), notAdjusting, rejectsKey,
            objects.Where(o => CorporateActionKind.Parse(o.Parsed.Key) is not null)
                .Select(o => ($"{o.Parsed.Symbol} {o.Parsed.Kind.Name}", o.Version)).ToList());
    }

    private async Task<List<string>> ApplyAsync(List<(ParsedActions Parsed, string Version)> objects, DailyPartition partition, string runId, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, CorporateActionsSql.SplitsTable, partition, ct);
        await dialect.LockAsync(connection, tx, CorporateActionsSql.DividendsTable, partition, ct);
        var loadedAt = time.GetUtcNow();
        foreach (var (parsed, version) in objects.Where(o => o.Parsed.Symbol.Length > 0))
        {
            await ListHistoryStore.ApplyAsync(connection, tx, parsed, partition, new ListLineage(parsed.Key, version[..16], runId, loadedAt), ct);
        }

        // The warehouse follows the lake: a list an earlier load of this landing date registered, whose object the
        // partition no longer holds, is withdrawn from the history.
        var present = objects.Select(o => (o.Parsed.Symbol, o.Parsed.Kind.Name)).ToHashSet();
        foreach (var (symbol, list) in (await ListHistoryStore.ListsOfLandingAsync(connection, tx, partition, ct)).Where(l => !present.Contains(l)))
        {
            var kind = CorporateActionKind.All.Single(k => k.Name == list);
            await ListHistoryStore.ApplyAsync(connection, tx, new ParsedActions(LakeKeys.CorporateActionsPartitionPrefix(partition), symbol, kind), partition, null, ct);
        }

        await tx.CommitAsync(ct);
        return await DividendsNotAdjustingAsync(connection, objects.Where(o => o.Parsed.Kind == CorporateActionKind.Dividends).Select(o => o.Parsed.Symbol), ct);
    }

    private static async Task<List<string>> DividendsNotAdjustingAsync(NpgsqlConnection connection, IEnumerable<string> symbols, CancellationToken ct)
    {
        var found = new List<string>();
        foreach (var symbol in symbols.Where(s => s.Length > 0).Distinct())
        {
            await using var cmd = new NpgsqlCommand(CorporateActionsSql.DividendsNotAdjusting, connection);
            cmd.Parameters.AddWithValue("symbol", symbol);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add($"{reader.GetString(0)} {reader.GetFieldValue<DateOnly>(1):yyyy-MM-dd}: {reader.GetString(2)}");
            }
        }

        return found;
    }

    private async Task<List<string>> ListAsync(DailyPartition partition, CancellationToken ct)
    {
        var keys = await RawObjects.ListKeysAsync(s3, lake.BucketName, LakeKeys.CorporateActionsPartitionPrefix(partition), ct);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}

/// <param name="DividendsNotAdjusting">"SYMBOL ex-date: why" for each current dividend that adjusts nothing yet: declared (no bar on or after its ex-date) or no close before its ex-date.</param>
/// <param name="Versions">(symbol and list, version) of each object, as the extractor names them.</param>
/// <param name="RejectsKey">The lake key of the rejects file (every rejected entry of both lists).</param>
public sealed record CorporateActionsLoad(
    IReadOnlyList<ParsedActions> Objects, IReadOnlyList<string> DividendsNotAdjusting, string RejectsKey, IReadOnlyList<(string Label, string Version)> Versions)
{
    public string DataVersion => DataVersions.Of(Versions);

    public IEnumerable<RejectedRow> Rejects(CorporateActionKind kind) => RejectsOf(Objects, kind);

    internal static IEnumerable<RejectedRow> RejectsOf(IEnumerable<ParsedActions> objects, CorporateActionKind kind) => objects.Where(o => o.Kind == kind)
        .SelectMany(o => o.ObjectError is null ? o.Rejected : [new RejectedRow(o.Key, null, $"object rejected: {o.ObjectError}", null)]);
}
