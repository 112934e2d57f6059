using MarketAspire.AssetGraph.Graph;
using MarketAspire.Quality.Checks;

namespace MarketAspire.Tests.Kernel.AddAnAsset;

/// <summary>File 2 of 3: the check's definition and code. The week's bars were counted for every symbol.</summary>
internal sealed class WeeklyBarsCheck : IAssetCheck
{
    public static readonly AssetCheckDefinition CoverTheWeek = new(
        "weekly_bars_cover_the_week", WeeklyBarsGraph.WeeklyBars, CheckSeverity.Error, MarketAssets.Quality, "The week's bars cover every symbol.");

    private const string Latest = """
        SELECT CAST(metadata AS VARCHAR(65535)) FROM market_meta.materializations
        WHERE asset = 'weekly_bars' AND partition_date = @partition AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1
        """;

    public AssetCheckDefinition Definition => CoverTheWeek;

    public IReadOnlyList<string> Statements => [Latest];

    public async Task<CheckResult> EvaluateAsync(CheckContext context, CancellationToken ct)
    {
        await using var command = new Npgsql.NpgsqlCommand(Latest, context.Connection);
        command.Parameters.AddWithValue("partition", context.Partition.Date);
        var metadata = await command.ExecuteScalarAsync(ct) as string;
        var symbols = metadata is null ? 0 : System.Text.Json.JsonDocument.Parse(metadata).RootElement.GetProperty("symbols").GetInt64();
        return new CheckResult(symbols == context.Symbols.Count, $"{symbols} of {context.Symbols.Count} symbols have weekly bars", new Dictionary<string, object?>(), []);
    }
}
