using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;

namespace MarketAspire.Warehouse.Staging;

/// <summary>
/// Materializes <c>staged_stock_prices</c>: reads every raw object of the partition (paginated listing), parses and
/// validates it, and writes gzip CSV files, a COPY manifest and a rejects file under the run's staged prefix.
/// Several workers each parse and compress their own files, each a contiguous range of the keys (see <see cref="KeyRanges"/>);
/// no partition is ever held in memory as a whole.
/// </summary>
public sealed class StagingBuilder(IAmazonS3 s3, LakeSettings lake, WarehouseTuning tuning, ILogger<StagingBuilder> logger)
{
    public async Task<StagingResult> BuildAsync(DailyPartition partition, string runId, CancellationToken ct)
    {
        var objects = await RawObjects.ListAsync(s3, lake.BucketName, LakeKeys.RawPartitionPrefix(partition), ct);
        if (objects.Count == 0)
        {
            throw new InvalidOperationException(
                $"No raw objects under s3://{lake.BucketName}/{LakeKeys.RawPartitionPrefix(partition)}: raw_stock_prices was never landed for {partition}. " +
                "For today's landing date, run the extractor first; a past one cannot be fetched any more (the market API answers only \"now\"), " +
                "so only partitions landed on their day can be rebuilt.");
        }

        var prefix = LakeKeys.StagedRunPrefix(partition, runId);
        var directory = Directory.CreateTempSubdirectory("marketaspire-staged-").FullName;
        var ranges = KeyRanges.Split(objects, tuning.StagingWorkers);
        var tally = new StagingTally();
        var manifestKey = prefix + CopyManifest.FileName;
        var rejectsKey = prefix + "rejects.jsonl";
        var rejects = tally.Rejects;
        CopyManifest manifest;
        try
        {
            try
            {
                await Task.WhenAll(ranges.Select((range, worker) => StageRangeAsync(range, worker, directory, prefix, partition, runId, tally, ct)));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }

            manifest = new CopyManifest(tally.Files.OrderBy(e => e.Url, StringComparer.Ordinal).ToList());
            await PutBytesAsync(rejectsKey, RejectsFile.Of(rejects), "application/x-ndjson", ct);
            await PutBytesAsync(manifestKey, manifest.ToJson(), "application/json", ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await new StagedRunCleanup(s3, lake, logger).DiscardAsync(prefix, manifestKey, partition, ex, ct);
            throw;
        }

        var rawVersion = DataVersions.Of(tally.Versions);
        var result = new StagingResult(partition, prefix, manifestKey, rejectsKey, manifest.Entries.Count, objects.Count, tally.RejectedObjects, tally.UnverifiedObjects,
            tally.RawRows, tally.StagedRows, tally.RejectedRows, tally.ProvisionalRows, tally.BytesRead, tally.BytesWritten, rawVersion,
            rejects.Take(20).ToList(),
            rejects.GroupBy(r => ReasonKind(r.Reason)).ToDictionary(g => g.Key, g => g.Count()));
        WarehouseLog.Staged(logger, partition.Key, objects.Count, tally.RawRows, tally.StagedRows, tally.RejectedRows, tally.RejectedObjects, manifest.Entries.Count);
        return result;
    }

    /// <summary>One worker: its range of objects into its own files; the next object downloads while one is parsed.</summary>
    private async Task StageRangeAsync(
        IReadOnlyList<string> range, int worker, string directory, string prefix, DailyPartition partition, string runId, StagingTally tally, CancellationToken ct)
    {
        var uploads = new StagedUploads(async file =>
        {
            var key = prefix + Path.GetFileName(file.LocalPath);
            await UploadStagedFileAsync(file, key, ct);
            File.Delete(file.LocalPath);
            tally.AddFile(new ManifestEntry($"s3://{lake.BucketName}/{key}", true, new ManifestMeta(file.Bytes, file.Rows)));
        }, ct);
        try
        {
            await using var writer = new StagedFileWriter(directory, $"part-{worker:D2}", tuning.RowsPerFile, partition.Key, runId, uploads.StartAsync);
            var next = range.Count > 0 ? ReadObjectAsync(range[0], ct) : null;
            for (var i = 0; i < range.Count; i++)
            {
                using var body = await next!;
                next = i + 1 < range.Count ? ReadObjectAsync(range[i + 1], ct) : null;
                await StageObjectAsync(range[i], body, writer, partition, tally);
            }

            await writer.FlushAsync();
        }
        catch
        {
            await uploads.WhenSettledAsync();
            throw;
        }

        await uploads.WhenAllAsync();
    }

    private static async Task StageObjectAsync(string key, RawObjectBody body, StagedFileWriter writer, DailyPartition partition, StagingTally tally)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(body.Span));
        var symbol = LakeKeys.SymbolOf(key);
        var parsed = RawObjectParser.Parse(key, symbol ?? "", sha, body.Span, partition);
        if (symbol is null)
        {
            RejectWhole(parsed, "the object key does not name a valid symbol (raw/stock_data/YYYY-MM-DD/SYMBOL.json)");
        }

        // Counted apart from the parser, from the same bytes.
        var counted = RawRowCounter.Count(body.Span);

        // The bar of a day still in progress when the object was fetched is provisional.
        var inProgress = body.FetchedAt is { } at ? MarketSession.DayInProgress(at) : null;
        tally.AddObject(parsed, counted, parsed.Rows.Count(r => r.PriceDate == inProgress), symbol ?? key, RawObjectVersion.Of(sha, body.FetchedAt));
        await writer.WriteAsync(parsed.Rows, key, sha[..16], inProgress);
    }

    private static void RejectWhole(ParsedObject parsed, string reason)
    {
        parsed.ObjectError ??= reason;
        foreach (var row in parsed.Rows)
        {
            parsed.RejectedRows.Add(new RejectedRow(parsed.Key, row.PriceDate.ToString("yyyy-MM-dd"), $"object rejected: {reason}", null));
        }

        parsed.Rows.Clear();
    }

    /// <summary>"price_date 2026-11-30 is after ..." and "... is after ..." count as one kind of reason.</summary>
    private static string ReasonKind(string reason)
    {
        var quote = reason.IndexOfAny(['\'', '(', ':']);
        return (quote > 0 ? reason[..quote] : reason).Trim();
    }

    private Task<RawObjectBody> ReadObjectAsync(string key, CancellationToken ct) =>
        RawObjects.ReadAsync(s3, lake, key, ct);

    private async Task UploadStagedFileAsync(StagedFile file, string key, CancellationToken ct)
    {
        try
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = lake.BucketName, Key = key, FilePath = file.LocalPath, ContentType = "application/gzip" }, ct);
        }
        catch (Exception ex) when (ex is AmazonServiceException or IOException or HttpRequestException)
        {
            // The service's own answer (503 SlowDown, 500 InternalError) names the fault; the innermost exception does not.
            var reason = ex is AmazonServiceException service ? $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}" : ex.GetBaseException().Message;
            throw new IOException($"Uploading the staged file s3://{lake.BucketName}/{key} ({file.Rows} rows, {file.Bytes} bytes) failed: {reason}", ex);
        }
    }

    private async Task PutBytesAsync(string key, byte[] bytes, string contentType, CancellationToken ct)
    {
        using var content = new MemoryStream(bytes, writable: false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = lake.BucketName, Key = key, InputStream = content, ContentType = contentType }, ct);
    }
}
