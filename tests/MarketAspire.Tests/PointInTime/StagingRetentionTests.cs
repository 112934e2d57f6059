using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Loading;

namespace MarketAspire.Tests.PointInTime;

/// <summary>
/// Staging's retention, worked by hand with a window of 2 days: the line stops before a landing date staged and not yet
/// applied, moves on once it is, and a landing date it has passed is refused with a message that names the dates and
/// the setting, leaving every answer as it was.
/// </summary>
public class StagingRetentionTests(SharedServers servers)
{
    private static readonly DateOnly Day5 = new(2026, 1, 5);
    private static readonly DateOnly Day6 = new(2026, 1, 6);

    private static LandingContent Bars(params (string Symbol, DateOnly Date, decimal Close)[] bars) =>
        new(bars.ToDictionary(b => (b.Symbol, b.Date), b => new BarValues(b.Close, b.Close, b.Close, b.Close, 1000, false)),
            new Dictionary<string, IReadOnlyList<Split>?>(), new Dictionary<string, IReadOnlyList<Dividend>?>());

    [Fact]
    public async Task The_line_waits_for_a_staged_landing_date_then_prunes_and_a_frozen_one_is_refused_without_a_change()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers, retentionDays: 2);
        await driver.ResetAsync();
        var (jan6, jan7, jan8, jan9, jan12) = (new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 7), new DateOnly(2026, 1, 8), new DateOnly(2026, 1, 9), new DateOnly(2026, 1, 12));
        var loads = new List<LoadStep>
        {
            new(jan6, Bars(("AAA", Day5, 104m)), false),
            new(jan7, Bars(("AAA", Day5, 104m)), false),
            new(jan8, Bars(("AAA", Day5, 26m), ("BBB", Day5, 25.5m)), false),
            new(jan12, Bars(("BBB", Day6, 26m)), false),
        };

        await driver.LoadAsync(jan6, loads[0].Content);

        // 01-08 is staged and its job stops before its fact step; 01-07, loaded next, rebuilds AAA from staging and so
        // already reads 01-08's restatement of it, but not BBB's bar.
        await driver.StageAsync(jan8, loads[2].Content);
        await driver.LoadAsync(jan7, loads[1].Content);

        // 01-12 would freeze everything before 01-10; 01-08 is pending, so the line stops there and 01-08 still applies.
        await driver.LoadAsync(jan12, loads[3].Content);
        Assert.Equal(jan8, await Line(driver));
        await driver.ApplyFactAsync(jan8);
        await AssertAnswers(driver, loads, jan8);

        // With nothing pending, the next load moves the line to 01-10 and the earlier landing dates leave staging.
        var again = await driver.ApplyFactAsync(jan12);
        Assert.Equal(new DateOnly(2026, 1, 10), await Line(driver));
        Assert.Equal(2L, again.StagedRowsPruned); // 01-08's two rows; 01-06's and 01-07's went when the line reached 01-08
        Assert.Equal(0L, await driver.ScalarAsync<long>("SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date < '2026-01-10'"));
        await AssertAnswers(driver, loads, new DateOnly(2026, 1, 10));

        // A frozen landing date is refused at the COPY and at the fact step, naming both dates and the setting.
        var refused = await Assert.ThrowsAsync<StagingFrozenException>(() => driver.StageAsync(jan9, Bars(("AAA", Day5, 1m))));
        Assert.Contains("landing date 2026-01-09 is frozen", refused.Message);
        Assert.Contains("before 2026-01-10", refused.Message);
        Assert.Contains("WAREHOUSE_STAGING_RETENTION_DAYS", refused.Message);
        await Assert.ThrowsAsync<StagingFrozenException>(() => driver.ApplyFactAsync(jan8));
        await AssertAnswers(driver, loads, new DateOnly(2026, 1, 10));
    }

    [Fact]
    public async Task A_fact_step_waits_for_a_COPY_in_flight_so_the_line_stops_before_the_landing_date_it_stages()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers, retentionDays: 2);
        await driver.ResetAsync();
        var (jan6, jan7, jan12) = (new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 7), new DateOnly(2026, 1, 12));
        await driver.LoadAsync(jan6, Bars(("AAA", Day5, 104m)));
        await driver.StageAsync(jan12, Bars(("BBB", Day6, 26m)));

        // 01-07's COPY has read the line and marked itself pending, not yet committed, when 01-12's fact step starts:
        // that step must see the mark, so it waits for the COPY instead of moving the line past 01-07 meanwhile.
        Task<Warehouse.Transform.FactResult>? fact = null;
        await driver.StageAsync(jan7, Bars(("AAA", Day5, 26m)), async () =>
        {
            fact = driver.ApplyFactAsync(jan12);
            await Task.WhenAny(fact, Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        });
        var result = await fact!;

        Assert.Equal(jan7, result.StagingHeldBy);
        Assert.Equal(jan7, await Line(driver));
        await driver.ApplyFactAsync(jan7); // not frozen: it was staged before the line moved
        await AssertAnswers(driver, [new(jan6, Bars(("AAA", Day5, 104m)), false), new(jan7, Bars(("AAA", Day5, 26m)), false), new(jan12, Bars(("BBB", Day6, 26m)), false)], jan7);
    }

    [Fact]
    public async Task A_landing_date_typed_years_ahead_moves_the_line_no_further_than_the_clock_allows()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers, retentionDays: 2);
        await driver.ResetAsync();
        await driver.LoadAsync(new DateOnly(2036, 1, 6), Bars(("AAA", Day5, 104m)));

        var line = await Line(driver);
        Assert.True(line <= DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), $"the line moved to {line:yyyy-MM-dd}, past today's window");
        Assert.True(line > new DateOnly(2026, 1, 1), $"the line did not move ({line:yyyy-MM-dd})");
    }

    [Fact]
    public async Task A_prune_that_empties_most_of_staging_gives_its_pages_back_and_a_compact_table_is_left_alone()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers, retentionDays: 2);
        await driver.ResetAsync();
        await driver.LoadAsync(new DateOnly(2026, 1, 6), History());
        await driver.LoadAsync(new DateOnly(2026, 1, 7), Bars(("AAA", Day5, 104m)));
        var fileBefore = await Relation(driver);
        Assert.True(fileBefore.Bytes > 1 << 20, $"the history fills {fileBefore.Bytes} bytes, under the size worth a rewrite");

        // 01-12 moves the line to 01-10: the 12,000 history rows and one more go, so staging is rewritten: a new file,
        // a fraction of the one the history filled.
        await driver.StageAsync(new DateOnly(2026, 1, 12), Bars(("AAA", Day6, 105m)));
        await Analyze(driver);
        var pruned = await driver.ApplyFactAsync(new DateOnly(2026, 1, 12));
        var fileAfter = await Relation(driver);
        Assert.Equal(12001L, pruned.StagedRowsPruned);
        Assert.StartsWith("rewritten: ", pruned.StagingCompaction);
        Assert.NotEqual(fileBefore.Node, fileAfter.Node);
        Assert.True(fileAfter.Bytes < fileBefore.Bytes / 4, $"staging is {fileAfter.Bytes} bytes after the rewrite, {fileBefore.Bytes} before");

        // The next step finds a compact table and leaves it as it is.
        await driver.LoadAsync(new DateOnly(2026, 1, 13), Bars(("AAA", new DateOnly(2026, 1, 7), 106m)));
        var next = await driver.ApplyFactAsync(new DateOnly(2026, 1, 13));
        Assert.Null(next.StagingCompaction);
        Assert.Equal(fileAfter.Node, (await Relation(driver)).Node);
    }

    [Fact]
    public async Task A_rewrite_that_cannot_lock_staging_within_two_seconds_is_skipped_and_named_and_the_next_step_does_it()
    {
        await using var driver = await WarehouseDriver.StartAsync(servers, retentionDays: 2);
        await driver.ResetAsync();
        await driver.LoadAsync(new DateOnly(2026, 1, 6), History());
        await driver.StageAsync(new DateOnly(2026, 1, 12), Bars(("AAA", Day6, 105m)));
        await Analyze(driver);

        // Another step reading staging (a Quality job's check) holds its lock until its transaction ends.
        var ct = TestContext.Current.CancellationToken;
        var fileBefore = await Relation(driver);
        await using (var reader = await driver.Database.OpenConnectionAsync(ct))
        {
            await using var open = await reader.BeginTransactionAsync(ct);
            await using (var read = new Npgsql.NpgsqlCommand("SELECT count(*) FROM market_data.stg_stock_prices", reader, open))
            {
                await read.ExecuteScalarAsync(ct);
            }

            var skipped = await driver.ApplyFactAsync(new DateOnly(2026, 1, 12));
            Assert.Equal(12000L, skipped.StagedRowsPruned);
            Assert.StartsWith("skipped: ", skipped.StagingCompaction);
            Assert.Contains("lock timeout", skipped.StagingCompaction);
            Assert.Equal(fileBefore.Node, (await Relation(driver)).Node);
        }

        // The prune stands; the next step that prunes (its COPY analyzed staging) finds the table still too large.
        Assert.Equal(1L, await driver.ScalarAsync<long>("SELECT count(*) FROM market_data.stg_stock_prices"));
        await driver.StageAsync(new DateOnly(2026, 1, 15), Bars(("AAA", new DateOnly(2026, 1, 7), 106m)));
        await Analyze(driver);
        var retried = await driver.ApplyFactAsync(new DateOnly(2026, 1, 15));
        Assert.Equal(1L, retried.StagedRowsPruned);
        Assert.StartsWith("rewritten: ", retried.StagingCompaction);
        Assert.NotEqual(fileBefore.Node, (await Relation(driver)).Node);
    }

    [Theory]
    [InlineData(240_000_000L, 1_050_000d, 200d, 50_000L, false)] // daily operation: 21 landing dates, one pruned, the file 1.2x what they need
    [InlineData(640_000_000L, 3_200_000d, 200d, 3_150_000L, true)] // the 25-year history landing leaves the window
    [InlineData(640_000_000L, 100_000d, 200d, 50_000L, true)] // a rewrite skipped yesterday: today's prune finds the history's file
    [InlineData(380_000_000L, 1_000_000d, 174d, 0L, false)] // a re-landed date: nothing pruned, its old rows' space goes to the next COPY
    [InlineData(640_000_000L, -1d, 200d, 3_150_000L, false)] // never analyzed: nothing is known
    [InlineData(900_000L, 4_000d, 200d, 4_000L, false)] // under 1 MB: not worth a lock on staging
    public void Staging_is_rewritten_after_a_prune_when_its_file_is_more_than_four_times_what_its_rows_need(long bytes, double known, double width, long pruned, bool rewrite) =>
        Assert.Equal(rewrite, PostgresStagingCompaction.ShouldRewrite(bytes, known, width, pruned));

    private static LandingContent History() =>
        Bars([.. Enumerable.Range(0, 12).SelectMany(s => Enumerable.Range(0, 1000).Select(d => ($"H{s}", new DateOnly(2023, 1, 1).AddDays(d), 10m + d)))]);

    private static async Task<(long Node, long Bytes)> Relation(WarehouseDriver driver) =>
        (await driver.ScalarAsync<long>("SELECT CAST(pg_relation_filenode('market_data.stg_stock_prices') AS BIGINT)"),
         await driver.ScalarAsync<long>("SELECT pg_relation_size('market_data.stg_stock_prices')"));

    // What the COPY step does after each load (the driver stages through its own statements).
    private static Task Analyze(WarehouseDriver driver) => driver.ScalarAsync<object?>("ANALYZE market_data.stg_stock_prices");

    private static Task<DateOnly> Line(WarehouseDriver driver) => driver.ScalarAsync<DateOnly>("SELECT frozen_before FROM market_data.stg_retention");

    private static async Task AssertAnswers(WarehouseDriver driver, List<LoadStep> loads, DateOnly frozenBefore)
    {
        var problems = await ScenarioCheck.CompareAsync(driver, new Scenario(loads), checkpoints: false, frozenBefore);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
