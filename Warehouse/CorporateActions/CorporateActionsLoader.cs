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
/// in one transaction under a lock: per symbol, the list replaces the rows of earlier landing dates (Alpha Vantage sends
/// the whole history every time) unless a later landing date's list is loaded already. Rejected entries are reported
/// with their reason; an object rejected whole leaves the symbol's rows as they were.
/// </summary>
public sealed class CorporateActionsLoader(IAmazonS3 s3, LakeSettings lake, WarehouseDatabase warehouse, IWarehouseDialect dialect, TimeProvider time)
{
    public async Task<CorporateActionsLoad> LoadAsync(DailyPartition partition, string runId, CancellationToken ct)
    {
        var objects = new List<(ParsedActions Parsed, string Version)>();
        foreach (var key in await ListAsync(partition, ct))
        {
            using var body = await RawObjects.ReadAsync(s3, lake.BucketName, key, ct);
            var sha = Convert.ToHexStringLower(SHA256.HashData(body.Span));
            var parsed = CorporateActionKind.Parse(key) is { } named
                ? CorporateActionsParser.Parse(key, named.Symbol, named.Kind, body.Memory, partition)
                : new ParsedActions(key, "", CorporateActionKind.Splits) { ObjectError = "the object key does not name a symbol and a list (SYMBOL.splits.json or SYMBOL.dividends.json)" };
            objects.Add((parsed, RawObjectVersion.Of(sha, body.FetchedAt)));
        }

        var loadedAt = time.GetUtcNow();
        var superseded = new List<string>();
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, CorporateActionsSql.SplitsTable, partition, ct);
        await dialect.LockAsync(connection, tx, CorporateActionsSql.DividendsTable, partition, ct);
        foreach (var (parsed, version) in objects.Where(o => o.Parsed.ObjectError is null))
        {
            var splits = parsed.Kind == CorporateActionKind.Splits;
            long later;
            await using (var count = SymbolCommand(connection, tx, splits ? CorporateActionsSql.LaterSplits : CorporateActionsSql.LaterDividends, parsed.Symbol, partition))
            {
                later = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            if (later > 0)
            {
                superseded.Add($"{parsed.Symbol} {parsed.Kind.Name}");
                continue;
            }

            await using (var delete = SymbolCommand(connection, tx, splits ? CorporateActionsSql.DeleteSplits : CorporateActionsSql.DeleteDividends, parsed.Symbol, partition))
            {
                await delete.ExecuteNonQueryAsync(ct);
            }

            await InsertAsync(connection, tx, parsed, partition, version[..16], runId, loadedAt, ct);
        }

        await tx.CommitAsync(ct);

        // Every rejected entry, however many, in the lake beside the staged prices' rejects.
        var rejectsKey = LakeKeys.CorporateActionsRejects(partition, runId);
        using (var rejects = new MemoryStream(RejectsFile.Of(CorporateActionKind.All.SelectMany(k => CorporateActionsLoad.RejectsOf(objects.Select(o => o.Parsed), k)))))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = lake.BucketName, Key = rejectsKey, InputStream = rejects, ContentType = "application/x-ndjson" }, ct);
        }

        return new CorporateActionsLoad(objects.Select(o => o.Parsed).ToList(), superseded, rejectsKey,
            objects.Where(o => CorporateActionKind.Parse(o.Parsed.Key) is not null)
                .Select(o => ($"{o.Parsed.Symbol} {o.Parsed.Kind.Name}", o.Version)).ToList());
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The VALUES list is numbered parameters only; every value travels as a parameter.")]
    private static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ParsedActions parsed, DailyPartition partition, string version, string runId, DateTimeOffset loadedAt, CancellationToken ct)
    {
        if (parsed.Rows == 0)
        {
            return;
        }

        // One multi-row INSERT: Redshift loads a VALUES list far faster than row-by-row statements.
        await using var cmd = new NpgsqlCommand { Connection = connection, Transaction = tx };
        var rows = new List<string>();
        if (parsed.Kind == CorporateActionKind.Splits)
        {
            for (var i = 0; i < parsed.Splits.Count; i++)
            {
                rows.Add($"(@symbol, @d{i}, @f{i}, @partition, @key, @version, @run, @loaded_at)");
                cmd.Parameters.AddWithValue($"d{i}", parsed.Splits[i].EffectiveDate);
                cmd.Parameters.AddWithValue($"f{i}", parsed.Splits[i].Factor);
            }

            cmd.CommandText = CorporateActionsSql.InsertSplits + string.Join(", ", rows);
        }
        else
        {
            for (var i = 0; i < parsed.Dividends.Count; i++)
            {
                var d = parsed.Dividends[i];
                rows.Add($"(@symbol, @d{i}, @a{i}, @dd{i}, @rd{i}, @pd{i}, @partition, @key, @version, @run, @loaded_at)");
                cmd.Parameters.AddWithValue($"d{i}", d.ExDividendDate);
                cmd.Parameters.AddWithValue($"a{i}", d.Amount);
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>($"dd{i}", NpgsqlTypes.NpgsqlDbType.Date) { TypedValue = d.DeclarationDate });
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>($"rd{i}", NpgsqlTypes.NpgsqlDbType.Date) { TypedValue = d.RecordDate });
                cmd.Parameters.Add(new NpgsqlParameter<DateOnly?>($"pd{i}", NpgsqlTypes.NpgsqlDbType.Date) { TypedValue = d.PaymentDate });
            }

            cmd.CommandText = CorporateActionsSql.InsertDividends + string.Join(", ", rows);
        }

        cmd.Parameters.AddWithValue("symbol", parsed.Symbol);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        cmd.Parameters.AddWithValue("key", parsed.Key);
        cmd.Parameters.AddWithValue("version", version);
        cmd.Parameters.AddWithValue("run", runId);
        cmd.Parameters.AddWithValue("loaded_at", loadedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only CorporateActionsSql constants are passed; values travel as parameters.")]
    private static NpgsqlCommand SymbolCommand(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, string symbol, DailyPartition partition)
    {
        var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.Parameters.AddWithValue("symbol", symbol);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        return cmd;
    }

    private async Task<List<string>> ListAsync(DailyPartition partition, CancellationToken ct)
    {
        var keys = await RawObjects.ListKeysAsync(s3, lake.BucketName, LakeKeys.CorporateActionsPartitionPrefix(partition), ct);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}

/// <param name="Versions">(symbol and list, version) of each object, as the extractor names them.</param>
/// <param name="RejectsKey">The lake key of the rejects file (every rejected entry of both lists).</param>
public sealed record CorporateActionsLoad(
    IReadOnlyList<ParsedActions> Objects, IReadOnlyList<string> Superseded, string RejectsKey, IReadOnlyList<(string Label, string Version)> Versions)
{
    public string DataVersion => DataVersions.Of(Versions);

    public IEnumerable<RejectedRow> Rejects(CorporateActionKind kind) => RejectsOf(Objects, kind);

    internal static IEnumerable<RejectedRow> RejectsOf(IEnumerable<ParsedActions> objects, CorporateActionKind kind) => objects.Where(o => o.Kind == kind)
        .SelectMany(o => o.ObjectError is null ? o.Rejected : [new RejectedRow(o.Key, null, $"object rejected: {o.ObjectError}", null)]);
}
