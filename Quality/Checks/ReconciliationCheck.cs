using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;

namespace MarketAspire.Quality.Checks;

/// <summary>
/// ERROR: for the partition's latest load, raw rows (counted from the raw bytes, apart from the parser) = staged rows +
/// rejected rows, staging holds exactly the staged rows, and every staged row is in the fact table with the values it
/// staged as its version as of the partition's landing date (a load does not rewrite a row whose values it delivers
/// unchanged, and a later landing date may have revised it since); a key that merely exists does not count.
/// </summary>
public sealed class ReconciliationCheck : IAssetCheck
{
    private const string LatestStaging =
        """
        SELECT metadata
        FROM market_meta.materializations
        WHERE asset = @asset AND partition_date = @partition AND status = 'succeeded'
        ORDER BY finished_at DESC
        LIMIT 1
        """;

    private const string StagingRows =
        "SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    // Every staged row is the version the warehouse answers as of this landing date, with the values it staged; a key
    // that merely exists does not count, whatever order the landing dates loaded in.
    private const string MissingFromFact =
        """
        SELECT s.symbol, s.price_date
        FROM market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND NOT EXISTS (
              SELECT 1 FROM market_data.stock_price_versions f
              WHERE f.symbol = s.symbol AND f.price_date = s.price_date
                AND f.partition_date <= s.partition_date
                AND (f.superseded_by_partition IS NULL OR f.superseded_by_partition > s.partition_date)
                AND (f."open" = s."open" OR (f."open" IS NULL AND s."open" IS NULL))
                AND (f.high = s.high OR (f.high IS NULL AND s.high IS NULL))
                AND (f.low = s.low OR (f.low IS NULL AND s.low IS NULL))
                AND (f.close = s.close OR (f.close IS NULL AND s.close IS NULL))
                AND (f.volume = s.volume OR (f.volume IS NULL AND s.volume IS NULL))
                AND f.provisional = s.provisional)
        ORDER BY s.symbol, s.price_date
        """;

    public AssetCheckDefinition Definition => MarketChecks.Reconciliation;

    public IReadOnlyList<string> Statements => [LatestStaging, StagingRows, MissingFromFact];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        var metadataRows = await CheckQueries.RowsAsync(context, LatestStaging, ct, ("asset", MarketAssets.StagedStockPrices.Name));
        if (metadataRows.Count == 0)
        {
            return new CheckResult(false, "no successful staged_stock_prices materialization for the partition",
                new Dictionary<string, object?>(), ["staged_stock_prices: not materialized"]);
        }

        var (raw, staged, rejected) = StagingCounts.ReadFrom(metadataRows[0][0]!.ToString()!);
        var inStaging = await CheckQueries.CountAsync(context, StagingRows, ct);
        var missing = await CheckQueries.RowsAsync(context, MissingFromFact, ct);

        var problems = new List<string>();
        if (raw != staged + rejected)
        {
            problems.Add($"raw rows {raw} != staged {staged} + rejected {rejected}");
        }

        if (inStaging != staged)
        {
            problems.Add($"stg_stock_prices holds {inStaging} rows, staged_stock_prices wrote {staged}");
        }

        problems.AddRange(missing.Take(CheckResult.MaxOffending - problems.Count)
            .Select(r => $"{CheckQueries.Describe(r[0])} {CheckQueries.Describe(r[1])}: staged but not the version as of its landing date with the values it staged"));

        return new CheckResult(
            problems.Count == 0,
            problems.Count == 0
                ? $"raw {raw} = staged {staged} + rejected {rejected}; all {staged} staged rows in the fact table"
                : $"{problems.Count} mismatches; first: {problems[0]}",
            new Dictionary<string, object?>
            {
                ["raw_rows"] = raw,
                ["staged_rows"] = staged,
                ["rejected_rows"] = rejected,
                ["stg_rows"] = inStaging,
                ["missing_from_fact"] = missing.Count,
            },
            problems);
    }
}
