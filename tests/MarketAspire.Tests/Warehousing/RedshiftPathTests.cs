using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Loading;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MarketAspire.Tests.Warehousing;

/// <summary>The Redshift dialect's control flow, run against PostgreSQL where its statements fail the way a failed COPY does.</summary>
public class RedshiftPathTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DailyPartition Partition = DailyPartition.Parse("2026-11-25");

    private static async Task<(WarehouseHarness Harness, JobHosting.Storage.WarehouseDatabase Db)> LoadedAsync(SharedServers servers)
    {
        var harness = await WarehouseHarness.StartAsync(servers);
        await harness.LandSeriesAsync("2026-11-25", 20, "IBM");
        Assert.Equal(JobExitCodes.Succeeded, await harness.RunJobAsync("2026-11-25"));
        return (harness, await JobHarness.OpenWarehouseAsync(harness.Settings));
    }

    [Fact]
    public async Task A_failed_COPY_is_rolled_back_before_its_load_errors_are_read_on_the_same_session()
    {
        var (harness, db) = await LoadedAsync(servers);
        await using var _ = harness;
        await using var __ = db;
        var config = new ConfigurationBuilder().AddInMemoryCollection(harness.Settings).Build();
        var settings = new WarehouseSettings
        {
            Host = db.Settings.Host, Port = db.Settings.Port, Database = db.Settings.Database, User = db.Settings.User, Password = db.Settings.Password,
            Dialect = WarehouseDialect.Redshift, IamRoleArn = "arn:aws:iam::123456789012:role/copy",
        };
        var loader = new StagingLoader(db, new RedshiftDialect(LakeSettings.From(config), settings), new StagingRetention(new Warehouse.WarehouseTuning()));

        // PostgreSQL rejects Redshift's COPY FROM 's3://...': the same aborted transaction a failed Redshift COPY leaves.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => loader.LoadAsync(Partition, "staged/x/manifest.json", 20, Ct));

        Assert.StartsWith("Redshift COPY of staged/x/manifest.json failed and was rolled back:", error.Message);
        Assert.Contains("the load errors could not be read from STL_LOAD_ERRORS: relation \"stl_load_errors\" does not exist", error.Message);
        Assert.DoesNotContain("current transaction is aborted", error.Message);
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM market_data.stg_stock_prices")); // the DELETE was undone
    }

    [Fact]
    public async Task An_empty_manifest_is_not_loaded_at_all()
    {
        var (harness, db) = await LoadedAsync(servers);
        await using var _ = harness;
        await using var __ = db;
        var dialect = new CountingDialect();

        var rows = await new StagingLoader(db, dialect, new StagingRetention(new Warehouse.WarehouseTuning())).LoadAsync(Partition, "staged/x/manifest.json", 0, Ct);

        Assert.Equal(0, rows);
        Assert.Equal(0, dialect.Loads);
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM market_data.stg_stock_prices"));
    }

    private sealed class CountingDialect : IWarehouseDialect
    {
        public int Loads { get; private set; }

        public Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, DailyPartition partition, CancellationToken ct) => Task.CompletedTask;

        public Task LoadStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DailyPartition partition, string manifestKey, CancellationToken ct)
        {
            Loads++;
            throw new InvalidOperationException("COPY terminates if no files are found");
        }

        public Task PrepareFactStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) => Task.CompletedTask;

        public Task LockRetentionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool moving, CancellationToken ct) => Task.CompletedTask;

        public Task RefreshFactStatisticsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changedRows, CancellationToken ct) => Task.CompletedTask;

        public Task<string?> CompactStagingAsync(MarketAspire.JobHosting.Storage.WarehouseDatabase warehouse, long pruned, CancellationToken ct) => Task.FromResult<string?>(null);

        public Task<Warehouse.Curated.CuratedWrite> ExportCuratedAsync(NpgsqlConnection connection, DailyPartition partition, Warehouse.Curated.CuratedPlan plan, CancellationToken ct) =>
            throw new NotSupportedException("not part of the staging load");
    }
}
