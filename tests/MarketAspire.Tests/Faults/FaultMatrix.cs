using MarketAspire.AssetGraph.Graph;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Faults;

/// <summary>The cells: steps × faults, each fault aimed at the one step whose traffic triggers it.</summary>
public static class FaultMatrix
{
    private static readonly TimeSpan Briefly = TimeSpan.FromSeconds(2);

    // Steps on the lake side: the request line only that step sends.
    public static readonly FaultStep Landing = new("landing a raw object", FaultedJob.Extractor, Side.Lake, @"PUT /{bucket}/raw/stock_data/", MarketAssets.RawStockPrices);
    public static readonly FaultStep Listing = new("listing the partition", FaultedJob.Warehouse, Side.Lake, @"GET /{bucket}/?\?[^ ]*prefix=raw%2Fstock_data", MarketAssets.StagedStockPrices);
    public static readonly FaultStep Download = new("staging: download", FaultedJob.Warehouse, Side.Lake, @"GET /{bucket}/raw/stock_data/", MarketAssets.StagedStockPrices);
    public static readonly FaultStep Upload = new("staging: staged file upload", FaultedJob.Warehouse, Side.Lake, @"PUT /{bucket}/staged/stock_prices/\S+/part-", MarketAssets.StagedStockPrices);
    public static readonly FaultStep Manifest = new("staging: manifest", FaultedJob.Warehouse, Side.Lake, @"PUT /{bucket}/staged/stock_prices/\S+/manifest\.json", MarketAssets.StagedStockPrices);
    public static readonly FaultStep Rejects = new("staging: rejects file", FaultedJob.Warehouse, Side.Lake, @"PUT /{bucket}/staged/stock_prices/\S+/rejects\.jsonl", MarketAssets.StagedStockPrices);
    public static readonly FaultStep CopyRead = new("COPY: reading a staged file", FaultedJob.Warehouse, Side.Lake, @"GET /{bucket}/staged/stock_prices/\S+/part-", MarketAssets.StgStockPrices);
    public static readonly FaultStep ActionsRead = new("corporate actions: download", FaultedJob.Warehouse, Side.Lake, @"GET /{bucket}/raw/corporate_actions/", MarketAssets.FctSplits);
    public static readonly FaultStep CuratedPut = new("curated export: upload", FaultedJob.Warehouse, Side.Lake, @"PUT /{bucket}/curated/", MarketAssets.CuratedStockPrices);

    // Steps on the warehouse side: SQL text only that step sends (a Bind message carries the parameters after it).
    public static readonly FaultStep Copy = new("COPY", FaultedJob.Warehouse, Side.Warehouse, @"COPY market_data\.stg_stock_prices", MarketAssets.StgStockPrices);
    public static readonly FaultStep Fact = new("fact transaction", FaultedJob.Warehouse, Side.Warehouse, @"INSERT INTO market_data\.fct_stock_prices", MarketAssets.FctStockPrices);
    public static readonly FaultStep ActionsLoad = new("corporate actions load", FaultedJob.Warehouse, Side.Warehouse, @"INSERT INTO market_data\.corporate_action_lists", MarketAssets.FctSplits);
    public static readonly FaultStep CuratedRead = new("curated export: query", FaultedJob.Warehouse, Side.Warehouse, @"LEFT JOIN market_data\.curated_year_factors s ON s\.plan_id = y\.plan_id", MarketAssets.CuratedStockPrices);
    public static readonly FaultStep Checks = new("checks", FaultedJob.Quality, Side.Warehouse, @"FROM market_data\.", "checks");
    public static readonly FaultStep Materialization = new("recording a materialization", FaultedJob.Warehouse, Side.Warehouse, @"INSERT INTO market_meta\.materializations[\s\S]*stg_stock_prices", MarketAssets.StgStockPrices);
    public static readonly FaultStep FinishRun = new("recording the run's end", FaultedJob.Warehouse, Side.Warehouse, @"UPDATE market_meta\.runs SET status", "run");
    public static readonly FaultStep Heartbeat = new("recording a heartbeat", FaultedJob.Warehouse, Side.Warehouse, @"UPDATE market_meta\.runs SET heartbeat_at", "run") { Paced = true };

    // Faults. NamedBy: what a failure's message must say for the fault to be named.
    // A persistent error is met with three attempts, not ten: the cell is about the clean failure, not the backoff.
    private static readonly Dictionary<string, string> FewAttempts = new() { [JobHosting.Configuration.SettingKeys.S3MaxAttempts] = "3" };

    private static Fault SlowDown(int times) =>
        new($"503 SlowDown ×{times}", "SlowDown|reduce your request rate") { Status = 503, Code = "SlowDown", Times = times, Settings = times > 2 ? FewAttempts : new Dictionary<string, string>() };

    private static Fault InternalError(int times) =>
        new($"500 InternalError ×{times}", "InternalError|internal error") { Status = 500, Code = "InternalError", Times = times, Settings = times > 2 ? FewAttempts : new Dictionary<string, string>() };

    private static Fault ResetAfter(long bytes) => new($"reset after {bytes} bytes", "reset|broke|closed|aborted|ended before|forcibly|end of stream") { Kind = FaultKind.Reset, AfterBytes = bytes };

    private static Fault ResetMidBody(long bytes) => ResetAfter(bytes) with { Name = $"reset after {bytes} bytes of the body", InBody = true };

    // Two symbols make two raw downloads and two staged files (one per staging worker): the second is faulted.
    private static Fault OnTheSecond(Fault fault) => fault with { Name = $"{fault.Name}, on the 2nd request", Nth = 2 };

    private static readonly Fault Refused = new("refused for 2 s", "refused|reset") { Kind = FaultKind.Refuse, Duration = Briefly };
    private static readonly Fault Slow = new("delay 100 ms", "") { Kind = FaultKind.Delay, Duration = TimeSpan.FromMilliseconds(100) };
    private static readonly Fault DeadConnection = new("black hole (one connection)", "S3_REQUEST_TIMEOUT_SECONDS|WAREHOUSE_STATEMENT_TIMEOUT_SECONDS") { Kind = FaultKind.BlackHole };
    private static readonly Fault DeadServer = new("black hole (whole server)", "S3_REQUEST_TIMEOUT_SECONDS|WAREHOUSE_STATEMENT_TIMEOUT_SECONDS")
    {
        Kind = FaultKind.BlackHole,
        Duration = TimeSpan.FromMinutes(5),
        Settings = new Dictionary<string, string> { [JobHosting.Configuration.SettingKeys.S3MaxAttempts] = "2" }, // two timeouts, not ten
    };
    private static readonly Fault Restart = new("PostgreSQL restart", "57P01|57P03|terminating connection|administrator command|shutting down|starting up|refused|reset|broke|closed|end of stream") { Restart = true };

    public static IReadOnlyList<FaultCell> Cells { get; } =
    [
        new(Landing, SlowDown(2), Expect.Survives),
        new(Landing, ResetAfter(0), Expect.Survives),
        new(Landing, InternalError(50), Expect.FailsCleanly),
        new(Listing, SlowDown(2), Expect.Survives),
        new(Listing, DeadConnection, Expect.Survives),
        new(Download, ResetMidBody(200), Expect.Survives),
        new(Download, InternalError(2), Expect.Survives),
        new(Download, OnTheSecond(ResetMidBody(200)), Expect.Survives),
        new(Upload, SlowDown(2), Expect.Survives),
        new(Upload, ResetAfter(0), Expect.Survives),
        // The first staged file lands, the second never does: the failed run must not leave the first behind.
        new(Upload, OnTheSecond(DeadConnection) with { Name = "black hole (one connection) ×10, from the 2nd request", Times = 10, Settings = FewAttempts }, Expect.FailsCleanly),
        new(Upload, SlowDown(50), Expect.FailsCleanly),
        new(Manifest, InternalError(50), Expect.FailsCleanly),
        new(Manifest, Refused, Expect.Survives),
        new(Rejects, SlowDown(2), Expect.Survives),
        new(CopyRead, ResetMidBody(100), Expect.Survives),
        new(ActionsRead, ResetMidBody(50), Expect.Survives),
        new(CuratedPut, SlowDown(2), Expect.Survives),
        new(CuratedPut, Slow, Expect.Survives),
        new(CuratedPut, DeadServer, Expect.FailsCleanly),
        new(Copy, ResetAfter(0), Expect.SurvivesOrFailsCleanly),
        new(Copy, Restart, Expect.SurvivesOrFailsCleanly),
        new(Copy, DeadConnection, Expect.FailsCleanly),
        new(Fact, ResetAfter(0), Expect.SurvivesOrFailsCleanly),
        new(Fact, Restart, Expect.SurvivesOrFailsCleanly),
        new(Fact, Slow, Expect.Survives),
        new(Fact, Refused, Expect.SurvivesOrFailsCleanly),
        new(ActionsLoad, ResetAfter(0), Expect.SurvivesOrFailsCleanly),
        new(ActionsLoad, Restart, Expect.SurvivesOrFailsCleanly),
        new(CuratedRead, ResetAfter(300), Expect.SurvivesOrFailsCleanly),
        new(CuratedRead, Restart, Expect.SurvivesOrFailsCleanly),
        new(Checks, ResetAfter(0), Expect.Survives),
        new(Checks, Restart, Expect.Survives),
        new(Checks, DeadConnection, Expect.FailsCleanly),
        new(Materialization, ResetAfter(0), Expect.SurvivesOrFailsCleanly),
        new(Materialization, Restart, Expect.SurvivesOrFailsCleanly),
        new(FinishRun, ResetAfter(0), Expect.SurvivesOrFailsCleanly),
        new(FinishRun, Restart, Expect.SurvivesOrFailsCleanly),
        new(Heartbeat, ResetAfter(0), Expect.Survives),
        new(Heartbeat, DeadConnection, Expect.Survives),
    ];

    /// <summary>Every cell's name; <c>FAULT_CELLS=a|b</c> keeps the cells whose name contains a or b (to run a few while fixing one).</summary>
    public static TheoryData<string> Names { get; } = new(Cells.Select(c => c.Name)
        .Where(n => Environment.GetEnvironmentVariable("FAULT_CELLS") is not { Length: > 0 } only || only.Split('|').Any(o => n.Contains(o, StringComparison.Ordinal))));

    public static FaultCell Named(string name) => Cells.Single(c => c.Name == name);
}
